import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength } from 'class-validator';

import { PASSWORD_MAX_LENGTH, type RegisterRequest } from '@collection-desk/contracts';

import { CleanText } from '../../common/validation/clean-text.js';

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'ada@example.com', format: 'email', maxLength: 254 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @MaxLength(254, { message: 'must be at most 254 characters' })
  @IsEmail({}, { message: 'must be a valid email address' })
  email: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 100 })
  @CleanText({ max: 100 })
  name: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: 8,
    maxLength: PASSWORD_MAX_LENGTH,
    description: '8 to 128 characters of any kind; the most common passwords are refused.',
  })
  @IsString()
  password: string;
}
