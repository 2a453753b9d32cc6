import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

import { type CreateUserRequest, ROLES, type Role } from '@collection-desk/contracts';

import { RegisterDto } from '../../auth/dto/register.dto.js';

export class CreateUserDto extends RegisterDto implements CreateUserRequest {
  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'agent' })
  @IsIn(ROLES, { message: `must be one of: ${ROLES.join(', ')}` })
  role: Role;
}
