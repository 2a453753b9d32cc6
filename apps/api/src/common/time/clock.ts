import { Injectable } from '@nestjs/common';

import { AppConfig } from '../../config/app-config.js';

/** "Now" and "today" in the configured time zone; replaced in tests that need another day. */
@Injectable()
export class Clock {
  private readonly dateFormat: Intl.DateTimeFormat;

  constructor(config: AppConfig) {
    this.dateFormat = new Intl.DateTimeFormat('en-CA', {
      timeZone: config.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  now(): Date {
    return new Date();
  }

  /** Today's calendar date (`YYYY-MM-DD`) where the team works. */
  today(): string {
    return this.dateFormat.format(this.now());
  }
}
