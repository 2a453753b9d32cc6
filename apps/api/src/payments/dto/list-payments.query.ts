import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsIn, IsUUID } from 'class-validator';

import {
  PAYMENT_METHODS,
  PAYMENT_SORT_FIELDS,
  PAYMENT_STATES,
  type PaymentMethod,
  type PaymentState,
} from '@collection-desk/contracts';

import { IsCalendarDate } from '../../common/validation/calendar-date.js';
import { PageQuery } from '../../common/validation/page.query.js';
import { Optional } from '../../common/validation/presence.js';

const SORT_TOKENS = PAYMENT_SORT_FIELDS.flatMap((field) => [field, `-${field}`]);

const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
    : value;

const listPattern = (values: readonly string[]) =>
  `^(${values.join('|')})(,(${values.join('|')}))*$`;

export class PaymentFilterQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the payments of this customer.' })
  @Optional()
  @IsUUID('all', { message: 'must be the id of a customer' })
  customerId?: string;

  @ApiPropertyOptional({
    type: String,
    description: `Comma-separated: ${PAYMENT_STATES.join(', ')}.`,
    example: 'pending',
    pattern: listPattern(PAYMENT_STATES),
  })
  @Optional()
  @Transform(commaList)
  @IsIn(PAYMENT_STATES, {
    each: true,
    message: `must be a comma-separated list of: ${PAYMENT_STATES.join(', ')}`,
  })
  @ArrayUnique({ message: 'lists a status twice' })
  status?: PaymentState[];

  @ApiPropertyOptional({
    type: String,
    description: `Comma-separated: ${PAYMENT_METHODS.join(', ')}.`,
    example: 'card,cash',
    pattern: listPattern(PAYMENT_METHODS),
  })
  @Optional()
  @Transform(commaList)
  @IsIn(PAYMENT_METHODS, {
    each: true,
    message: `must be a comma-separated list of: ${PAYMENT_METHODS.join(', ')}`,
  })
  @ArrayUnique({ message: 'lists a method twice' })
  method?: PaymentMethod[];

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-01',
    description: 'Recorded on or after this day (in TZ).',
  })
  @Optional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-30',
    description: 'Recorded on or before this day (in TZ).',
  })
  @Optional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({
    type: String,
    default: '-createdAt',
    example: '-amount',
    description: `Comma-separated fields, "-" for descending; ties end on id. Fields: ${PAYMENT_SORT_FIELDS.join(', ')}.`,
  })
  @Optional()
  @Transform(commaList)
  @IsIn(SORT_TOKENS, {
    each: true,
    message: `must be a comma-separated list of: ${PAYMENT_SORT_FIELDS.join(', ')} (prefix "-" for descending)`,
  })
  @ArrayUnique((token: string) => token.replace(/^-/, ''), { message: 'sorts by a field twice' })
  sort?: string[];
}

export class ListPaymentsQuery extends IntersectionType(PaymentFilterQuery, PageQuery) {}
