import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import {
  IDEMPOTENCY_KEY_HEADER,
  type Page,
  type Payment,
  TEST_CARDS,
} from '@collection-desk/contracts';

import { API_PREFIX } from '../app.constants.js';
import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/decorators/current-principal.decorator.js';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe.js';
import { CreatePaymentDto } from './dto/create-payment.dto.js';
import { ListPaymentsQuery } from './dto/list-payments.query.js';
import { PaymentPageResponse, PaymentResponse } from './dto/payment.response.js';
import { UpdatePaymentDto } from './dto/update-payment.dto.js';
import { PaymentsService } from './payments.service.js';

const REPLAYED_HEADER = 'Idempotent-Replayed';

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post()
  @ApiOperation({
    operationId: 'createPayment',
    summary: 'Record a payment through the payment gateway',
    description: `Starts pending. Card and cash payments settle by themselves a moment later (completed, or failed with a reason); bank transfers stay pending until marked completed. Safe to retry: the same Idempotency-Key with the same body answers the first answer again and records nothing new; with another body it answers 422. Test cards: ${TEST_CARDS.success} succeeds, ${TEST_CARDS.declined} is declined, ${TEST_CARDS.insufficientFunds} has insufficient funds.`,
  })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: true,
    description: 'A key you make per payment (a UUID), 8 to 255 visible ASCII characters.',
    schema: {
      type: 'string',
      minLength: 8,
      maxLength: 255,
      example: '8e0f3c1e-4f4b-4c43-9d0c-0b9e1c7f2a11',
    },
  })
  @ApiCreatedResponse({
    type: PaymentResponse,
    headers: {
      Location: {
        description: 'URL of the payment',
        schema: { type: 'string', format: 'uri-reference' },
      },
      [REPLAYED_HEADER]: {
        description: '"true" when this is the first answer replayed for a retried key',
        schema: { type: 'string', enum: ['true', 'false'] },
      },
    },
  })
  @ApiUnprocessableEntityResponse({
    description:
      'Not a payment this customer can take (more than is left to pay, another currency, archived), or the key was used with another body. Nothing is written.',
  })
  async create(
    @Body() body: CreatePaymentDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Payment> {
    const recorded = await this.payments.create(body, idempotencyKey, principal.user.id);
    void reply
      .header('location', `/${API_PREFIX}/payments/${recorded.payment.id}`)
      .header(REPLAYED_HEADER, String(recorded.replayed));
    return JSON.parse(recorded.body) as Payment;
  }

  @Get()
  @ApiOperation({
    operationId: 'listPayments',
    summary: 'List payments: filtered, sorted and paginated',
  })
  @ApiOkResponse({ type: PaymentPageResponse })
  list(@Query() query: ListPaymentsQuery): Promise<Page<Payment>> {
    return this.payments.list(query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getPayment', summary: 'Read one payment' })
  @ApiOkResponse({ type: PaymentResponse })
  @ApiNotFoundResponse({ description: 'No such payment.' })
  get(@Param('id', ParseIdPipe) id: string): Promise<Payment> {
    return this.payments.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updatePaymentStatus',
    summary: 'Mark a payment completed, or set a completed one back to pending',
    description:
      'Completing writes a `payment` ledger entry that lowers the balance; setting back writes a `reversal` that raises it again and reopens the customer. Asking for the state the payment is in changes nothing.',
  })
  @ApiOkResponse({ type: PaymentResponse })
  @ApiNotFoundResponse({ description: 'No such payment.' })
  @ApiConflictResponse({ description: 'A failed payment can be neither completed nor set back.' })
  updateStatus(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: UpdatePaymentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Payment> {
    return this.payments.changeStatus(id, body.status, principal.user.id);
  }
}
