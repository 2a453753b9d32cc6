import { Module } from '@nestjs/common';

import { CustomersModule } from '../customers/customers.module.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';
import { SpreadsheetReader } from './spreadsheet/spreadsheet-reader.js';

@Module({
  imports: [CustomersModule],
  controllers: [ImportsController],
  providers: [ImportsService, SpreadsheetReader],
})
export class ImportsModule {}
