import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import type { RefreshRequest } from '@collection-desk/contracts';

export class RefreshDto implements RefreshRequest {
  @ApiPropertyOptional({
    description: 'The refresh token, when it is not sent as the HttpOnly cookie.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}
