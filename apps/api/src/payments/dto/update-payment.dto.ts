import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

import type { UpdatePaymentRequest } from '@collection-desk/contracts';

const TARGETS = ['completed', 'pending'] as const;

export class UpdatePaymentDto implements UpdatePaymentRequest {
  @ApiProperty({
    enum: TARGETS,
    enumName: 'PaymentStatusChange',
    description:
      '`completed` marks a pending payment as received (a bank transfer that arrived); `pending` sets a completed one back (a reversal: the amount is owed again).',
  })
  @IsIn(TARGETS, { message: 'must be completed or pending' })
  status: 'completed' | 'pending';
}
