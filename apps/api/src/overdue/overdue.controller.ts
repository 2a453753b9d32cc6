import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';

import { type OverdueRun, OVERDUE_TRIGGERS, type OverdueTrigger } from '@collection-desk/contracts';

import { Roles } from '../common/decorators/roles.decorator.js';
import { OverdueScanService } from './overdue-scan.service.js';

export class OverdueRunResponse implements OverdueRun {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: OVERDUE_TRIGGERS, enumName: 'OverdueTrigger' }) trigger: OverdueTrigger;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) durationMs: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Candidates examined.' })
  checked: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) markedOverdue: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Notifications stored.' })
  notified: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

@ApiTags('overdue')
@Controller('overdue')
export class OverdueController {
  constructor(private readonly scans: OverdueScanService) {}

  @Post('scan')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'runOverdueScan',
    summary: 'Run the overdue scan now (admins)',
    description:
      'Marks overdue every pending customer owing money whose due date is before today (in TZ), and notifies once per customer and due date.',
  })
  @ApiOkResponse({ type: OverdueRunResponse })
  @ApiConflictResponse({
    description:
      'A scan is running (`overdue-scan-running`, naming its holder), or another instance took this one over after its lease lapsed (`overdue-scan-taken-over`).',
  })
  scan(): Promise<OverdueRun> {
    return this.scans.scan('manual');
  }

  @Get('runs')
  @Roles('admin')
  @ApiOperation({ operationId: 'listOverdueRuns', summary: 'The last 50 overdue scans (admins)' })
  @ApiOkResponse({ type: [OverdueRunResponse] })
  runs(): Promise<OverdueRun[]> {
    return this.scans.listRuns(50);
  }
}
