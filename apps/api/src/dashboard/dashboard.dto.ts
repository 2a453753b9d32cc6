import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO4217CurrencyCode, IsUUID } from 'class-validator';

import {
  AGING_BUCKETS,
  type AgingBucket,
  type AmountAndCount,
  type DashboardSummary,
  EXPORT_FORMATS,
  type ExportFormat,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from '@collection-desk/contracts';

import { Optional } from '../common/validation/presence.js';

const upperCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export class DashboardQueryDto {
  @ApiPropertyOptional({ example: 'EUR', description: 'Default: DEFAULT_CURRENCY.' })
  @Optional()
  @Transform(upperCase)
  @IsISO4217CurrencyCode({ message: 'must be an ISO 4217 currency code such as EUR' })
  currency?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only customers assigned to this user.' })
  @Optional()
  @IsUUID('all', { message: 'must be the id of a user' })
  assignee?: string;
}

export class AgingReportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS, enumName: 'ExportFormat' })
  @IsIn(EXPORT_FORMATS, { message: `must be one of: ${EXPORT_FORMATS.join(', ')}` })
  format: ExportFormat;

  @ApiPropertyOptional({ example: 'EUR', description: 'Default: DEFAULT_CURRENCY.' })
  @Optional()
  @Transform(upperCase)
  @IsISO4217CurrencyCode({ message: 'must be an ISO 4217 currency code such as EUR' })
  currency?: string;
}

class AmountAndCountResponse implements AmountAndCount {
  @ApiProperty({ type: 'integer', minimum: 0 }) count: number;
  @ApiProperty({ type: 'integer', description: 'Integer minor units.' }) amount: number;
}

class StatusFigureResponse extends AmountAndCountResponse {
  @ApiProperty({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus' }) status: PaymentStatus;
}

class AgingFigureResponse extends AmountAndCountResponse {
  @ApiProperty({ enum: AGING_BUCKETS, enumName: 'AgingBucket' }) bucket: AgingBucket;
}

class CollectedResponse {
  @ApiProperty({ type: 'integer' }) last30Days: number;
  @ApiProperty({ type: 'integer' }) previous30Days: number;
}

class TopOverdueResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer' }) outstandingAmount: number;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) daysPastDue: number;
}

class CollectedDayResponse {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: 'integer' }) amount: number;
}

export class DashboardResponse implements DashboardSummary {
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ type: [String], example: ['EUR', 'USD'] }) currencies: string[];
  @ApiProperty({ format: 'date', description: 'Today in TZ.' }) asOf: string;
  @ApiProperty({ type: AmountAndCountResponse, description: 'Not archived, owing money.' })
  outstanding: AmountAndCountResponse;
  @ApiProperty({ type: AmountAndCountResponse }) overdue: AmountAndCountResponse;
  @ApiProperty({
    type: CollectedResponse,
    description: 'Net money received (payments less reversals), last 30 days and the 30 before.',
  })
  collected: CollectedResponse;
  @ApiProperty({ type: [StatusFigureResponse] }) statuses: StatusFigureResponse[];
  @ApiProperty({
    type: [AgingFigureResponse],
    description:
      'Owing customers by days past due: current (not yet due), 1–30, 31–60, 61–90, 90+.',
  })
  aging: AgingFigureResponse[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Days sales outstanding = total outstanding ÷ amounts charged (opening charges) in the last 90 days × 90, to one decimal; null when nothing was charged in those 90 days.',
  })
  dso: number | null;
  @ApiProperty({ type: [TopOverdueResponse], description: 'The 10 largest overdue balances.' })
  topOverdue: TopOverdueResponse[];
  @ApiProperty({
    type: [CollectedDayResponse],
    description: 'The last 90 days in TZ, oldest first, today included, zero-filled.',
  })
  collectedPerDay: CollectedDayResponse[];
}
