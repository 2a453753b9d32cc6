import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is refused). */
export function IsCalendarDate(): PropertyDecorator {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: 'must be a real calendar date' }),
  );
}
