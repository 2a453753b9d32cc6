import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';

import { ROLES, type Role, type UpdateUserRequest } from '@collection-desk/contracts';

import { Optional } from '../../common/validation/presence.js';

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' })
  @Optional()
  @IsIn(ROLES, { message: `must be one of: ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({
    description: 'false deactivates the account and ends its sessions at once.',
  })
  @Optional()
  @IsBoolean()
  active?: boolean;
}
