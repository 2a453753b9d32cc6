import { ApiPropertyOptional } from '@nestjs/swagger';
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
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from '@collection-desk/contracts';

import { IsCalendarDate } from '../../common/validation/calendar-date.js';
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
    description: 'Words that start a word of the name or email, or digits of the phone.',
    example: 'acme',
  })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    description: 'Comma-separated statuses.',
    example: 'pending,overdue',
    type: String,
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

  @ApiPropertyOptional({ description: 'Minor units, inclusive.', example: 10000 })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of minor units' })
  @Min(0)
  minOutstanding?: number;

  @ApiPropertyOptional({ description: 'Minor units, inclusive.', example: 500000 })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of minor units' })
  @Min(0)
  maxOutstanding?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only customers followed by this user.' })
  @Optional()
  @IsUUID('all', { message: 'must be the id of a user' })
  assignee?: string;

  @ApiPropertyOptional({ example: 'EUR' })
  @Optional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toUpperCase() : value,
  )
  @IsISO4217CurrencyCode({ message: 'must be an ISO 4217 currency code such as EUR' })
  currency?: string;

  @ApiPropertyOptional({
    enum: ['false', 'true', 'only'],
    description: '`true` includes archived customers, `only` lists nothing else.',
  })
  @Optional()
  @IsIn(['false', 'true', 'only'], { message: 'must be one of: false, true, only' })
  archived?: 'false' | 'true' | 'only';

  @ApiPropertyOptional({
    description: `Comma-separated fields, "-" for descending; ties end on id. Fields: ${CUSTOMER_SORT_FIELDS.join(', ')}.`,
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

export class ListCustomersQuery extends CustomerFilterQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = DEFAULT_PAGE_SIZE;
}

export class ExportCustomersQuery extends CustomerFilterQuery {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @Optional()
  @IsIn(['xlsx', 'csv'], { message: 'must be xlsx or csv' })
  format: 'xlsx' | 'csv' = 'xlsx';
}
