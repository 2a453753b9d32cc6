import { ApiProperty } from '@nestjs/swagger';

import {
  MAX_PAGE_SIZE,
  type Page,
  type Payment,
  PAYMENT_METHODS,
  PAYMENT_STATES,
  type PaymentMethod,
  type PaymentState,
  type StoredCard,
} from '@collection-desk/contracts';

export class StoredCardResponse implements StoredCard {
  @ApiProperty({ example: 'visa' }) brand: string;
  @ApiProperty({ example: '4242', pattern: '^[0-9]{4}$' }) last4: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12, example: 12 }) expMonth: number;
  @ApiProperty({ type: 'integer', example: 2030 }) expYear: number;
}

export class PaymentResponse implements Payment {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ description: "The customer's name when the payment was recorded." })
  customerName: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, example: 25000 })
  amount: number;
  @ApiProperty({ example: 'EUR', pattern: '^[A-Z]{3}$' }) currency: string;
  @ApiProperty({ enum: PAYMENT_METHODS, enumName: 'PaymentMethod' }) method: PaymentMethod;
  @ApiProperty({ type: String, nullable: true, example: 'Invoice 2026-118' }) reference:
    string | null;
  @ApiProperty({ type: StoredCardResponse, nullable: true }) card: StoredCardResponse | null;
  @ApiProperty({ enum: PAYMENT_STATES, enumName: 'PaymentState' }) status: PaymentState;
  @ApiProperty({ type: String, nullable: true, example: 'The card was declined.' })
  failureReason: string | null;
  @ApiProperty({ format: 'uuid', description: 'Who recorded it.' }) createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) settledAt: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 }) version: number;
}

export class PaymentPageResponse implements Page<Payment> {
  @ApiProperty({ type: [PaymentResponse] }) items: PaymentResponse[];
  @ApiProperty({ type: 'integer', minimum: 0, example: 42 }) total: number;
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 }) page: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, example: 20 })
  pageSize: number;
}
