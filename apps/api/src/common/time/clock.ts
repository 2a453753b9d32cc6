import { Injectable } from '@nestjs/common';

import { AppConfig } from '../../config/app-config.js';

/** "Now" and "today" in the configured time zone; replaced in tests that need another day. */
@Injectable()
export class Clock {
  private readonly dateFormat: Intl.DateTimeFormat;
  private readonly partsFormat: Intl.DateTimeFormat;
  readonly timeZone: string;

  constructor(config: AppConfig) {
    this.timeZone = config.timeZone;
    this.dateFormat = new Intl.DateTimeFormat('en-CA', {
      timeZone: config.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    this.partsFormat = new Intl.DateTimeFormat('en-US', {
      timeZone: config.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  now(): Date {
    return new Date();
  }

  /** Today's calendar date (`YYYY-MM-DD`) where the team works. */
  today(): string {
    return this.dayOf(this.now());
  }

  /** The calendar date an instant falls on where the team works. */
  dayOf(instant: Date): string {
    return this.dateFormat.format(instant);
  }

  /** The instant a calendar day starts where the team works (midnight in TZ, as UTC). */
  startOfDay(day: string): Date {
    const [year = 1970, month = 1, date = 1] = day.split('-').map(Number);
    const wallClock = Date.UTC(year, month - 1, date);
    // The zone's offset at that moment; twice, in case midnight sits next to a DST change.
    let instant = wallClock - this.offsetMs(new Date(wallClock));
    instant = wallClock - this.offsetMs(new Date(instant));
    return new Date(instant);
  }

  /** The calendar day `days` after `day` (negative: before). */
  static addDays(day: string, days: number): string {
    const [year = 1970, month = 1, date = 1] = day.split('-').map(Number);
    return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
  }

  private offsetMs(instant: Date): number {
    const parts = Object.fromEntries(
      this.partsFormat.formatToParts(instant).map(({ type, value }) => [type, Number(value)]),
    ) as Record<string, number>;
    const asUtc = Date.UTC(
      parts['year'] ?? 1970,
      (parts['month'] ?? 1) - 1,
      parts['day'] ?? 1,
      parts['hour'] ?? 0,
      parts['minute'] ?? 0,
      parts['second'] ?? 0,
    );
    return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
  }
}
