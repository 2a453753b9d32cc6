import { Module } from '@nestjs/common';

import { Clock } from '../common/time/clock.js';
import { CustomersController } from './customers.controller.js';
import { CustomersService } from './customers.service.js';

@Module({
  controllers: [CustomersController],
  providers: [CustomersService, Clock],
})
export class CustomersModule {}
