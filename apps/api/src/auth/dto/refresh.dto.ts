import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

import type { RefreshRequest } from '@collection-desk/contracts';

import { Optional } from '../../common/validation/presence.js';

export class RefreshDto implements RefreshRequest {
  @ApiPropertyOptional({
    description: 'The refresh token, when it is not sent as the HttpOnly cookie.',
  })
  @Optional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}
