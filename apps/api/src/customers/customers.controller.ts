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
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import type { Customer, CustomerPage, LedgerEntry, Page } from '@collection-desk/contracts';

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

const ETAG_HEADER = {
  description: 'The version, to send back as If-Match',
  schema: { type: 'string', example: '"v3"' },
};

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @ApiOperation({
    operationId: 'createCustomer',
    summary: 'Create a customer',
    description:
      'The payment status follows from the amount and the due date: nothing owed is completed, owed past the due date is overdue.',
  })
  @ApiCreatedResponse({
    type: CustomerResponse,
    headers: {
      Location: {
        description: 'URL of the new customer',
        schema: { type: 'string', format: 'uri-reference' },
      },
      ETag: ETAG_HEADER,
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
    operationId: 'listCustomers',
    summary: 'List customers: filtered, searched, sorted and paginated on the server',
    description:
      'Totals are exact up to 10,000 matches; beyond, `total` is 10000 with `totalRelation: "gte"`. Pages reach the first 10,000 matches (page × pageSize ≤ 10,000): narrow the filters, reverse the sort, or export for more.',
  })
  @ApiOkResponse({ type: CustomerPageResponse })
  list(@Query() query: ListCustomersQuery): Promise<CustomerPage> {
    return this.customers.list(query);
  }

  @Get('export')
  @ApiOperation({
    operationId: 'exportCustomers',
    summary: 'Export every customer matching the filters',
    description:
      'Streams XLSX or CSV of every match (not bounded by the list window), read from one consistent snapshot. Text that a spreadsheet could run as a formula is kept as text: in XLSX with the quote-prefix cell style, in CSV with a leading apostrophe.',
  })
  @ApiProduces(CONTENT_TYPES.xlsx, CONTENT_TYPES.csv)
  @ApiOkResponse({
    description: 'The file, as an attachment.',
    content: {
      [CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
      [CONTENT_TYPES.csv]: { schema: { type: 'string' } },
    },
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="customers-YYYY-MM-DD.xlsx"',
        schema: { type: 'string' },
      },
    },
  })
  export(@Query() query: ExportCustomersQuery, @Res() reply: FastifyReply): FastifyReply {
    const stamp = this.customers.today();
    return reply
      .header('content-type', CONTENT_TYPES[query.format])
      .header('content-disposition', `attachment; filename="customers-${stamp}.${query.format}"`)
      .send(this.customers.exportFile(query, query.format));
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getCustomer', summary: 'Read one customer (archived ones too)' })
  @ApiOkResponse({ type: CustomerResponse, headers: { ETag: ETAG_HEADER } })
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
    operationId: 'updateCustomer',
    summary: 'Change a customer',
    description:
      'Needs the ETag you read as If-Match: a stale one answers 412 with the current version. Changing outstandingAmount by hand needs a reason, kept as an adjustment.',
  })
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag you read (a strong tag such as "v3"); weak tags never match.',
    schema: { type: 'string', example: '"v3"' },
  })
  @ApiOkResponse({ type: CustomerResponse, headers: { ETag: ETAG_HEADER } })
  @ApiResponse({ status: 428, description: 'If-Match is missing.' })
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
    operationId: 'archiveCustomer',
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
  @ApiOperation({
    operationId: 'restoreCustomer',
    summary: 'Restore an archived customer (admins)',
  })
  @ApiOkResponse({ type: CustomerResponse })
  restore(
    @Param('id', ParseIdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Customer> {
    return this.customers.restore(id, principal.user.id);
  }

  @Get(':id/ledger')
  @ApiOperation({
    operationId: 'getCustomerLedger',
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
