import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length } from 'class-validator';

import type { UpdateCustomerRequest } from '@collection-desk/contracts';

import { CreateCustomerDto } from './create-customer.dto.js';

export class UpdateCustomerDto
  extends PartialType(CreateCustomerDto)
  implements UpdateCustomerRequest
{
  @ApiPropertyOptional({
    example: 'Credit note CN-2026-017',
    description: 'Required when outstandingAmount changes; kept with the adjustment.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 500, { message: 'must be 1 to 500 characters' })
  reason?: string;
}
