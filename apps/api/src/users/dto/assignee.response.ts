import { ApiProperty } from '@nestjs/swagger';

import { type Assignee, ROLES, type Role } from '@collection-desk/contracts';

export class AssigneeResponse implements Assignee {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'agent' }) role: Role;
}
