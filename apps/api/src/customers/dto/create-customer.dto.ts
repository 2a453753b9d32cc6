import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsInt,
  IsISO4217CurrencyCode,
  IsPhoneNumber,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import {
  CUSTOMER_ADDRESS_MAX_LENGTH,
  CUSTOMER_NAME_MAX_LENGTH,
  CUSTOMER_NOTES_MAX_LENGTH,
  type CreateCustomerRequest,
} from '@collection-desk/contracts';

import { IsCalendarDate } from '../../common/validation/calendar-date.js';
import { CleanText } from '../../common/validation/clean-text.js';
import { Optional, OptionalNullable } from '../../common/validation/presence.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upperCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export class CreateCustomerDto implements CreateCustomerRequest {
  @ApiProperty({ example: 'Acme Trading GmbH', minLength: 1, maxLength: CUSTOMER_NAME_MAX_LENGTH })
  @CleanText({ max: CUSTOMER_NAME_MAX_LENGTH })
  name: string;

  @ApiProperty({
    example: 'billing@acme.example',
    description: 'Unique, compared case-insensitively.',
  })
  @Transform(trim)
  @MaxLength(254, { message: 'must be at most 254 characters' })
  @IsEmail({}, { message: 'must be a valid email address' })
  email: string;

  @ApiPropertyOptional({
    example: '+49 30 1234567',
    nullable: true,
    description: 'International format; stored as E.164 (+49301234567).',
    type: String,
  })
  @OptionalNullable()
  @Transform(trim)
  @IsPhoneNumber(undefined, {
    message: 'must be an international phone number such as +49 30 1234567',
  })
  phone?: string | null;

  @ApiPropertyOptional({
    example: 'Friedrichstraße 1, 10117 Berlin',
    nullable: true,
    maxLength: CUSTOMER_ADDRESS_MAX_LENGTH,
    type: String,
  })
  @OptionalNullable()
  @CleanText({ min: 0, max: CUSTOMER_ADDRESS_MAX_LENGTH, multiline: true })
  address?: string | null;

  @ApiProperty({
    example: 125000,
    description: 'Integer minor units (cents): 125000 is 1,250.00.',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    type: 'integer',
  })
  // class-validator checks the decorator nearest the property first: the type before the range.
  @Max(Number.MAX_SAFE_INTEGER)
  @Min(0)
  @IsInt({ message: 'must be a whole number of minor units (cents)' })
  outstandingAmount: number;

  @ApiPropertyOptional({
    example: 'EUR',
    description: 'ISO 4217; DEFAULT_CURRENCY when absent.',
    pattern: '^[A-Za-z]{3}$',
  })
  @Optional()
  @Transform(upperCase)
  @IsISO4217CurrencyCode({ message: 'must be an ISO 4217 currency code such as EUR' })
  currency?: string;

  @ApiProperty({ example: '2026-12-31', format: 'date' })
  @IsCalendarDate()
  dueDate: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'The agent following this account.',
    type: String,
  })
  @OptionalNullable()
  @IsUUID('all', { message: 'must be the id of a user' })
  assigneeId?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: CUSTOMER_NOTES_MAX_LENGTH, type: String })
  @OptionalNullable()
  @CleanText({ min: 0, max: CUSTOMER_NOTES_MAX_LENGTH, multiline: true })
  notes?: string | null;
}
