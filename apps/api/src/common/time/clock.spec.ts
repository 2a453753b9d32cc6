import { describe, expect, it } from 'vitest';

import { AppConfig } from '../../config/app-config.js';
import { Clock } from './clock.js';

const clockIn = (timeZone: string, now: string) =>
  new (class extends Clock {
    override now(): Date {
      return new Date(now);
    }
  })(new AppConfig({ timeZone } as AppConfig));

describe('Clock', () => {
  it('says what day it is where the team works, far from UTC', () => {
    // 10:30 UTC is already the next day at UTC+14, still the day before at UTC−10.
    expect(clockIn('Pacific/Kiritimati', '2026-11-25T10:30:00Z').today()).toBe('2026-11-26');
    expect(clockIn('Pacific/Honolulu', '2026-11-25T09:30:00Z').today()).toBe('2026-11-24');
    expect(clockIn('UTC', '2026-11-25T23:59:59Z').today()).toBe('2026-11-25');
  });

  it('finds the instant a day starts in the zone, across daylight saving changes', () => {
    expect(
      clockIn('Pacific/Kiritimati', '2026-01-01T00:00:00Z').startOfDay('2026-11-26').toISOString(),
    ).toBe('2026-11-25T10:00:00.000Z');
    expect(
      clockIn('Europe/Berlin', '2026-01-01T00:00:00Z').startOfDay('2026-03-29').toISOString(),
    ).toBe('2026-03-28T23:00:00.000Z');
    expect(
      clockIn('Europe/Berlin', '2026-01-01T00:00:00Z').startOfDay('2026-03-30').toISOString(),
    ).toBe('2026-03-29T22:00:00.000Z');
    expect(
      clockIn('America/New_York', '2026-01-01T00:00:00Z').startOfDay('2026-11-01').toISOString(),
    ).toBe('2026-11-01T04:00:00.000Z');
  });

  it('counts calendar days', () => {
    expect(Clock.addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(Clock.addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});
