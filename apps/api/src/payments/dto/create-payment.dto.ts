import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsNumber,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

import {
  type CardDetails,
  type CreatePaymentRequest,
  PAYMENT_METHODS,
  type PaymentMethod,
  TEST_CARDS,
} from '@collection-desk/contracts';

import { CleanText } from '../../common/validation/clean-text.js';
import { Optional, OptionalNullable } from '../../common/validation/presence.js';
import { cardDigits, passesLuhn } from '../card-number.js';

export class CardDetailsDto implements CardDetails {
  @ApiProperty({
    example: TEST_CARDS.success,
    description: `Digits, spaces or dashes allowed; checked with Luhn. Only the last four are kept. Test cards: ${TEST_CARDS.success} succeeds, ${TEST_CARDS.declined} is declined, ${TEST_CARDS.insufficientFunds} has insufficient funds.`,
    pattern: '^[0-9 -]{12,23}$',
  })
  @IsString({ message: 'must be a string of digits' })
  @ValidateBy({
    name: 'luhn',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && passesLuhn(cardDigits(value)),
      defaultMessage: () => 'is not a valid card number',
    },
  })
  number: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12, example: 12 })
  @IsInt({ message: 'must be a month from 1 to 12' })
  @Min(1, { message: 'must be a month from 1 to 12' })
  @Max(12, { message: 'must be a month from 1 to 12' })
  expMonth: number;

  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100, example: 2030 })
  @IsInt({ message: 'must be a four-digit year' })
  @Min(2000, { message: 'must be a four-digit year' })
  @Max(2100, { message: 'must be a four-digit year' })
  expYear: number;

  @ApiProperty({ example: '123', pattern: '^[0-9]{3,4}$', description: 'Never stored or logged.' })
  @IsString({ message: 'must be 3 or 4 digits' })
  @Matches(/^\d{3,4}$/, { message: 'must be 3 or 4 digits' })
  cvc: string;
}

export class CreatePaymentDto implements CreatePaymentRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be the id of a customer' })
  customerId: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    example: 25000,
    description:
      'Positive integer minor units, at most what is owed and not already covered by pending payments (422 otherwise).',
  })
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: 'must be a number of minor units' },
  )
  amount: number;

  @ApiProperty({
    example: 'EUR',
    description: "The customer's currency (422 otherwise).",
    pattern: '^[A-Za-z]{3}$',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsISO4217CurrencyCode({ message: 'must be an ISO 4217 currency code such as EUR' })
  currency: string;

  @ApiProperty({ enum: PAYMENT_METHODS, enumName: 'PaymentMethod', example: 'card' })
  @IsIn(PAYMENT_METHODS, { message: `must be one of: ${PAYMENT_METHODS.join(', ')}` })
  method: PaymentMethod;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 100,
    example: 'Invoice 2026-118',
    description: 'Your own reference (an invoice number, a bank reference).',
  })
  @OptionalNullable()
  @CleanText({ min: 0, max: 100 })
  reference?: string | null;

  @ApiPropertyOptional({
    type: CardDetailsDto,
    description: 'Required for method card, refused otherwise.',
  })
  @Optional()
  @IsObject({ message: 'must be an object with number, expMonth, expYear and cvc' })
  @ValidateNested()
  @Type(() => CardDetailsDto)
  card?: CardDetailsDto;
}
