import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

import type { OverdueTrigger } from '@collection-desk/contracts';

import { AppConfig } from '../config/app-config.js';
import { OverdueScanRunningError, OverdueScanTakenOverError } from './overdue.errors.js';
import { OverdueScanService } from './overdue-scan.service.js';

/** The first run comes this long after start-up, once the app is answering. */
const STARTUP_DELAY_MS = 3000;

/** Runs the overdue scan on OVERDUE_CRON in TZ, and once shortly after start-up. */
@Injectable()
export class OverdueScanJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OverdueScanJob.name);
  private startup?: NodeJS.Timeout;

  constructor(
    private readonly scans: OverdueScanService,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: this.config.overdueCron,
      timeZone: this.config.timeZone,
      onTick: () => void this.run('schedule'),
    });
    this.scheduler.addCronJob('overdue-scan', job);
    job.start();
    if (!this.config.overdueScanOnStart) return;
    this.startup = setTimeout(() => void this.run('startup'), STARTUP_DELAY_MS);
    this.startup.unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.startup);
  }

  private async run(trigger: OverdueTrigger): Promise<void> {
    try {
      await this.scans.scan(trigger);
    } catch (error) {
      // Another instance is scanning: it will do the work.
      if (error instanceof OverdueScanRunningError) return;
      if (error instanceof OverdueScanTakenOverError) {
        this.logger.warn({ trigger }, error.message);
        return;
      }
      this.logger.error({ err: error, trigger }, 'The overdue scan failed');
    }
  }
}
