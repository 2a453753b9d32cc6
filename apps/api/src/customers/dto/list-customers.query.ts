import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayUnique,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import {
  CUSTOMER_SORT_FIELDS,
  EXPORT_FORMATS,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from '@collection-desk/contracts';

import { IsCalendarDate } from '../../common/validation/calendar-date.js';
import { PageQuery } from '../../common/validation/page.query.js';
import { Optional } from '../../common/validation/presence.js';

const SORT_TOKENS = CUSTOMER_SORT_FIELDS.flatMap((field) => [field, `-${field}`]);

const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
    : value;

/** The filters shared by the list and the export. */
export class CustomerFilterQuery {
  @ApiPropertyOptional({
    description:
      'Words that each start a word of the name or email (case and accents ignored), or digits found anywhere in the phone. Without a `sort`, the best matches come first: the customer whose email is `q`, then names starting with `q`, then the other matches, each group by name.',
    example: 'acme',
    maxLength: 200,
  })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    description: `Comma-separated statuses: ${PAYMENT_STATUSES.join(', ')}.`,
    example: 'pending,overdue',
    type: String,
    pattern: `^(${PAYMENT_STATUSES.join('|')})(,(${PAYMENT_STATUSES.join('|')}))*$`,
  })
  @Optional()
  @Transform(commaList)
  @IsIn(PAYMENT_STATUSES, {
    each: true,
    message: `must be a comma-separated list of: ${PAYMENT_STATUSES.join(', ')}`,
  })
  @ArrayUnique({ message: 'lists a status twice' })
  status?: PaymentStatus[];

  @ApiPropertyOptional({ format: 'date', example: '2026-01-01' })
  @Optional()
  @IsCalendarDate()
  dueFrom?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-31' })
  @Optional()
  @IsCalendarDate()
  dueTo?: string;

  @ApiPropertyOptional({
    description: 'Minor units, inclusive.',
    example: 10000,
    type: 'integer',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
  })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of minor units' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  minOutstanding?: number;

  @ApiPropertyOptional({
    description: 'Minor units, inclusive.',
    example: 500000,
    type: 'integer',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
  })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of minor units' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  maxOutstanding?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only customers followed by this user.' })
  @Optional()
  @IsUUID('all', { message: 'must be the id of a user' })
  assignee?: string;

  @ApiPropertyOptional({
    example: 'EUR',
    description: 'ISO 4217, any case.',
    pattern: '^[A-Za-z]{3}$',
  })
  @Optional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toUpperCase() : value,
  )
  @IsISO4217CurrencyCode({ message: 'must be an ISO 4217 currency code such as EUR' })
  currency?: string;

  @ApiPropertyOptional({
    enum: ['false', 'true', 'only'],
    enumName: 'ArchivedFilter',
    default: 'false',
    description: '`true` includes archived customers, `only` lists nothing else.',
  })
  @Optional()
  @IsIn(['false', 'true', 'only'], { message: 'must be one of: false, true, only' })
  archived?: 'false' | 'true' | 'only';

  @ApiPropertyOptional({
    description: `Comma-separated fields, "-" for descending; ties end on id. Fields: ${CUSTOMER_SORT_FIELDS.join(', ')}. Without it: best matches first when \`q\` has words, else \`dueDate\`.`,
    example: '-outstandingAmount,dueDate',
    type: String,
  })
  @Optional()
  @Transform(commaList)
  @IsIn(SORT_TOKENS, {
    each: true,
    message: `must be a comma-separated list of: ${CUSTOMER_SORT_FIELDS.join(', ')} (prefix "-" for descending)`,
  })
  @ArrayUnique((token: string) => token.replace(/^-/, ''), { message: 'sorts by a field twice' })
  sort?: string[];
}

/** The filters with a page: see LIST_WINDOW for how far pages reach. */
export class ListCustomersQuery extends IntersectionType(CustomerFilterQuery, PageQuery) {}

export class ExportCustomersQuery extends CustomerFilterQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, enumName: 'ExportFormat', default: 'xlsx' })
  @Optional()
  @IsIn(EXPORT_FORMATS, { message: 'must be xlsx or csv' })
  format: 'xlsx' | 'csv' = 'xlsx';
}
