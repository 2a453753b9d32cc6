import { Module } from '@nestjs/common';

import { MockPaymentGateway } from './gateway/mock-payment.gateway.js';
import { PaymentGateway } from './gateway/payment-gateway.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsService } from './payments.service.js';

@Module({
  controllers: [PaymentsController],
  providers: [PaymentsService, { provide: PaymentGateway, useClass: MockPaymentGateway }],
})
export class PaymentsModule {}
