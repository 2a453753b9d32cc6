import { ApiProperty } from '@nestjs/swagger';

import {
  type Customer,
  type CustomerPage,
  LEDGER_ENTRY_KINDS,
  LIST_TOTAL_EXACT_UP_TO,
  MAX_PAGE_SIZE,
  TOTAL_RELATIONS,
  type TotalRelation,
  type LedgerEntry,
  type LedgerEntryKind,
  type Page,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from '@collection-desk/contracts';

export class CustomerResponse implements Customer {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Acme Trading GmbH' }) name: string;
  @ApiProperty({ example: 'billing@acme.example', format: 'email' }) email: string;
  @ApiProperty({ example: '+49301234567', nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    example: 125000,
    description: 'Minor units: the sum of the ledger.',
  })
  outstandingAmount: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    example: 0,
    description:
      'Minor units of payments recorded but still pending; a new payment may cover at most outstandingAmount − pendingPaymentsAmount.',
  })
  pendingPaymentsAmount: number;
  @ApiProperty({ example: 'EUR', pattern: '^[A-Z]{3}$' }) currency: string;
  @ApiProperty({ example: '2026-12-31', format: 'date' }) dueDate: string;
  @ApiProperty({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus' }) paymentStatus: PaymentStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    example: 1,
    description: 'Bumped by every change; the ETag carries it.',
  })
  version: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) archivedAt: string | null;
}

export class CustomerPageResponse implements CustomerPage {
  @ApiProperty({ type: [CustomerResponse] }) items: CustomerResponse[];
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: LIST_TOTAL_EXACT_UP_TO,
    example: 1342,
    description: 'Exact when totalRelation is "eq"; a lower bound (10000) when it is "gte".',
  })
  total: number;
  @ApiProperty({ enum: TOTAL_RELATIONS, enumName: 'TotalRelation', example: 'eq' })
  totalRelation: TotalRelation;
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 }) page: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, example: 20 })
  pageSize: number;
}

export class LedgerEntryResponse implements LedgerEntry {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ enum: LEDGER_ENTRY_KINDS, enumName: 'LedgerEntryKind' }) kind: LedgerEntryKind;
  @ApiProperty({
    type: 'integer',
    example: -25000,
    description: 'Signed minor units: positive raises the balance, negative lowers it.',
  })
  amount: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ type: 'integer', minimum: 0, example: 100000 }) runningBalance: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) paymentId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Credit note CN-2026-017' })
  reason: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class LedgerPageResponse implements Page<LedgerEntry> {
  @ApiProperty({ type: [LedgerEntryResponse] }) items: LedgerEntryResponse[];
  @ApiProperty({ type: 'integer', example: 3 }) total: number;
  @ApiProperty({ type: 'integer', example: 1 }) page: number;
  @ApiProperty({ type: 'integer', example: 20 }) pageSize: number;
}
