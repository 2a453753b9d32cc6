import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

import { ROLES, type Role, type UpdateUserRequest } from '@collection-desk/contracts';

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `must be one of: ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({
    description: 'false deactivates the account and ends its sessions at once.',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
