import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import type { DashboardSummary } from '@collection-desk/contracts';

import { agingExport } from './aging-export.js';
import { AgingReportQueryDto, DashboardQueryDto, DashboardResponse } from './dashboard.dto.js';
import { DashboardService } from './dashboard.service.js';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

@ApiTags('dashboard')
@Controller()
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('dashboard')
  @ApiOperation({
    operationId: 'getDashboard',
    summary: 'Where the money is: totals, aging, DSO, collected per day',
    description:
      'For one currency (archived customers left out), optionally only the customers assigned to one user. Amounts are exact integer minor units.',
  })
  @ApiOkResponse({ type: DashboardResponse })
  get(@Query() query: DashboardQueryDto): Promise<DashboardSummary> {
    return this.dashboard.summary(query.currency, query.assignee);
  }

  @Get('reports/aging')
  @ApiOperation({
    operationId: 'exportAgingReport',
    summary: 'The aging report: every customer owing money, with days past due and bucket',
    description: 'Text that a spreadsheet could run as a formula is kept as text.',
  })
  @ApiProduces(CONTENT_TYPES.xlsx, CONTENT_TYPES.csv)
  @ApiOkResponse({
    description: 'The file, as an attachment.',
    content: {
      [CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
      [CONTENT_TYPES.csv]: { schema: { type: 'string' } },
    },
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="aging-YYYY-MM-DD.xlsx"',
        schema: { type: 'string' },
      },
    },
  })
  aging(@Query() query: AgingReportQueryDto, @Res() reply: FastifyReply): FastifyReply {
    const today = this.dashboard.today();
    return reply
      .header('content-type', CONTENT_TYPES[query.format])
      .header('content-disposition', `attachment; filename="aging-${today}.${query.format}"`)
      .send(agingExport(query.format, this.dashboard.agingBatches(query.currency), today));
  }
}
