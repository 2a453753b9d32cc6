import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import type { Customer, LedgerEntry, Page } from '@collection-desk/contracts';

import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/decorators/current-principal.decorator.js';
import { Roles } from '../common/decorators/roles.decorator.js';
import { API_PREFIX } from '../app.constants.js';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe.js';
import {
  CustomerPreconditionFailedError,
  CustomerPreconditionRequiredError,
} from './customer.errors.js';
import { etagOf, parseIfMatch } from './customer-etag.js';
import { csvStream, xlsxStream } from './customer-export.js';
import { CustomersService } from './customers.service.js';
import { CreateCustomerDto } from './dto/create-customer.dto.js';
import {
  CustomerPageResponse,
  CustomerResponse,
  LedgerPageResponse,
} from './dto/customer.response.js';
import { PageQuery } from '../common/validation/page.query.js';
import { ExportCustomersQuery, ListCustomersQuery } from './dto/list-customers.query.js';
import { UpdateCustomerDto } from './dto/update-customer.dto.js';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a customer',
    description:
      'The payment status follows from the amount and the due date: nothing owed is completed, owed past the due date is overdue.',
  })
  @ApiCreatedResponse({
    type: CustomerResponse,
    headers: {
      Location: { description: 'URL of the new customer' },
      ETag: { description: 'Version to send back as If-Match' },
    },
  })
  @ApiConflictResponse({ description: 'Another customer already uses this email.' })
  async create(
    @Body() body: CreateCustomerDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Customer> {
    const customer = await this.customers.create(body, principal.user.id);
    void reply
      .header('location', `/${API_PREFIX}/customers/${customer.id}`)
      .header('etag', etagOf(customer));
    return customer;
  }

  @Get()
  @ApiOperation({
    summary: 'List customers: filtered, searched, sorted and paginated on the server',
  })
  @ApiOkResponse({ type: CustomerPageResponse })
  list(@Query() query: ListCustomersQuery): Promise<Page<Customer>> {
    return this.customers.list(query);
  }

  @Get('export')
  @ApiOperation({
    summary: 'Export every customer matching the filters',
    description:
      'Streams XLSX or CSV. Text cells that would start a formula are prefixed with an apostrophe.',
  })
  @ApiProduces(CONTENT_TYPES.xlsx, CONTENT_TYPES.csv)
  @ApiOkResponse({ description: 'The file, as an attachment.' })
  export(@Query() query: ExportCustomersQuery, @Res() reply: FastifyReply): FastifyReply {
    const rows = this.customers.iterate(query);
    const stamp = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', CONTENT_TYPES[query.format])
      .header('content-disposition', `attachment; filename="customers-${stamp}.${query.format}"`)
      .send(query.format === 'csv' ? csvStream(rows) : xlsxStream(rows));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read one customer (archived ones too)' })
  @ApiOkResponse({
    type: CustomerResponse,
    headers: { ETag: { description: 'Version to send back as If-Match' } },
  })
  @ApiNotFoundResponse({ description: 'No such customer.' })
  async get(
    @Param('id', ParseIdPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Customer> {
    const customer = await this.customers.get(id);
    void reply.header('etag', etagOf(customer));
    return customer;
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a customer',
    description:
      'Needs the ETag you read as If-Match: a stale one answers 412 with the current version. Changing outstandingAmount by hand needs a reason, kept as an adjustment.',
  })
  @ApiHeader({ name: 'If-Match', required: true, example: '"v3"' })
  @ApiOkResponse({ type: CustomerResponse })
  @ApiPreconditionFailedResponse({
    description: 'Someone else changed the customer since you read it.',
  })
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateCustomerDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Customer> {
    const precondition = parseIfMatch(ifMatch);
    if (precondition.kind === 'absent') throw new CustomerPreconditionRequiredError();
    if (precondition.kind === 'unmatchable') throw new CustomerPreconditionFailedError(id);
    const customer = await this.customers.update(
      id,
      precondition.versions,
      body,
      principal.user.id,
    );
    void reply.header('etag', etagOf(customer));
    return customer;
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Archive a customer (admins)',
    description: 'Nothing is deleted: restore brings it back.',
  })
  @ApiOkResponse({ type: CustomerResponse })
  archive(
    @Param('id', ParseIdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Customer> {
    return this.customers.archive(id, principal.user.id);
  }

  @Post(':id/restore')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Restore an archived customer (admins)' })
  @ApiOkResponse({ type: CustomerResponse })
  restore(
    @Param('id', ParseIdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Customer> {
    return this.customers.restore(id, principal.user.id);
  }

  @Get(':id/ledger')
  @ApiOperation({
    summary: "A customer's ledger, newest first",
    description:
      'Every movement of the balance: the opening charge, payments, reversals and adjustments. The entries add up to outstandingAmount; runningBalance is the balance after each one.',
  })
  @ApiOkResponse({ type: LedgerPageResponse })
  @ApiNotFoundResponse({ description: 'No such customer.' })
  ledger(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<LedgerEntry>> {
    return this.customers.ledger(id, query.page, query.pageSize);
  }
}
