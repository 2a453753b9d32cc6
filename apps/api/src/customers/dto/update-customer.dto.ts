import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';

import type { UpdateCustomerRequest } from '@collection-desk/contracts';

import { CleanText } from '../../common/validation/clean-text.js';
import { Optional } from '../../common/validation/presence.js';
import { CreateCustomerDto } from './create-customer.dto.js';

/**
 * Every field of a new customer, each optional. `skipNullProperties: false` keeps `null` a wrong
 * value for the fields that cannot be cleared (a name, an amount): it is not "left out".
 */
export class UpdateCustomerDto
  extends PartialType(CreateCustomerDto, { skipNullProperties: false })
  implements UpdateCustomerRequest
{
  @ApiPropertyOptional({
    example: 'Credit note CN-2026-017',
    description: 'Required when outstandingAmount changes; kept with the adjustment.',
    minLength: 1,
    maxLength: 500,
  })
  @Optional()
  @CleanText({ max: 500 })
  reason?: string;
}
