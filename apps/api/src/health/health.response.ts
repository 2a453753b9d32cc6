import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import {
  type HealthStatus,
  STORAGE_DRIVERS,
  type StorageDriver,
  type StorageHealth,
} from '@collection-desk/contracts';

export class StorageHealthResponse implements StorageHealth {
  @ApiProperty({ enum: STORAGE_DRIVERS, enumName: 'StorageDriver', example: 'sqlite' })
  driver: StorageDriver;

  @ApiProperty({ example: true })
  ok: boolean;

  @ApiPropertyOptional({ example: 'database is closed' })
  error?: string;
}

export class HealthResponse implements HealthStatus {
  @ApiProperty({ enum: ['ok', 'error'], enumName: 'HealthState', example: 'ok' })
  status: 'ok' | 'error';

  @ApiProperty({ type: StorageHealthResponse })
  storage: StorageHealthResponse;
}
