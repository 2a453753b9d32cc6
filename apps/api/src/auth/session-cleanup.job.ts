import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';

import { AuthService } from './auth.service.js';

/** Expired sessions are kept a day for the logs' sake, then forgotten. */
@Injectable()
export class SessionCleanupJob {
  private readonly logger = new Logger(SessionCleanupJob.name);

  constructor(private readonly auth: AuthService) {}

  @Cron('17 3 * * *', { name: 'session-cleanup' })
  async run(): Promise<void> {
    const deleted = await this.auth.deleteExpiredSessions();
    if (deleted > 0) this.logger.log({ deleted }, 'Expired sessions deleted');
  }
}
