import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

import { PASSWORD_MAX_LENGTH, type RegisterRequest } from '@collection-desk/contracts';

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100, { message: 'must be 1 to 100 characters' })
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
