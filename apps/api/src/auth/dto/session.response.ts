import { ApiProperty } from '@nestjs/swagger';

import { ROLES, type Role, type Session, type User } from '@collection-desk/contracts';

export class UserResponse implements User {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'agent' })
  role: Role;

  @ApiProperty({ example: true })
  active: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class SessionResponse implements Session {
  @ApiProperty({ description: 'JWT to send as "Authorization: Bearer <token>".' })
  accessToken: string;

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires.' })
  expiresIn: number;

  @ApiProperty({
    description: 'Single-use token for POST /auth/refresh; also set as an HttpOnly cookie.',
  })
  refreshToken: string;

  @ApiProperty({ type: UserResponse })
  user: UserResponse;
}
