import { Module } from '@nestjs/common';

import { OverdueController } from './overdue.controller.js';
import { OverdueScanJob } from './overdue-scan.job.js';
import { OverdueScanService } from './overdue-scan.service.js';

@Module({
  controllers: [OverdueController],
  providers: [OverdueScanService, OverdueScanJob],
})
export class OverdueModule {}
