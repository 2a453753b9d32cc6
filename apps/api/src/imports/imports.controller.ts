import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { ImportRowPage, ImportSummary, Page } from '@collection-desk/contracts';

import type { Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/decorators/current-principal.decorator.js';
import { DomainError, ValidationFailedError } from '../common/errors/domain-error.js';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe.js';
import { PageQuery } from '../common/validation/page.query.js';
import { AppConfig } from '../config/app-config.js';
import {
  CommitImportDto,
  ImportRowPageResponse,
  ImportSummaryPageResponse,
  ImportSummaryResponse,
  ListImportRowsQuery,
  UploadImportBody,
  UploadImportQuery,
} from './dto/import.dto.js';
import { ImportFileTooLargeError, ImportUploadCutOffError } from './import.errors.js';
import { ImportsService } from './imports.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const XLSX_RESPONSE = {
  content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  headers: {
    'Content-Disposition': {
      description: 'attachment; filename="…xlsx"',
      schema: { type: 'string' },
    },
  },
} as const;

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly config: AppConfig,
  ) {}

  @Get('template')
  @ApiOperation({
    operationId: 'downloadImportTemplate',
    summary: 'The import template (.xlsx): columns, two example rows, drop-downs, instructions',
  })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The template, as an attachment.', ...XLSX_RESPONSE })
  async template(@Res() reply: FastifyReply): Promise<FastifyReply> {
    const content = await this.imports.template();
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', 'attachment; filename="customers-import-template.xlsx"')
      .send(content);
  }

  @Post()
  @ApiOperation({
    operationId: 'uploadImport',
    summary: 'Upload a spreadsheet: every row is read and checked; nothing is written to customers',
    description:
      'Multipart with one field, `file`. The answer totals the rows; `GET /imports/{id}/rows` shows each with its errors and warnings, and `POST /imports/{id}/commit` writes them. Headers are matched tolerantly (case, spaces, accents, synonyms); unknown columns are listed and ignored; a missing required column is a 422 naming it. The file type is told by its content, not its name.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadImportBody })
  @ApiCreatedResponse({ type: ImportSummaryResponse })
  @ApiPayloadTooLargeResponse({
    description: 'Larger than IMPORT_MAX_BYTES; refused as it streams in.',
  })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not a spreadsheet (by its bytes).' })
  @ApiUnprocessableEntityResponse({
    description:
      'A spreadsheet that cannot be imported: empty, a header without rows, more than 100,000 rows, a missing required column, damaged, encrypted, or a zip that unpacks too large.',
  })
  async upload(
    @Query() query: UploadImportQuery,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportSummary> {
    const file = await this.receiveFile(request);
    return this.imports.upload(
      file,
      { dateFormat: query.dateFormat, uploadToken: query.uploadToken ?? null },
      principal,
    );
  }

  @Get()
  @ApiOperation({ operationId: 'listImports', summary: 'Import history, newest first' })
  @ApiOkResponse({ type: ImportSummaryPageResponse })
  list(@Query() query: PageQuery): Promise<Page<ImportSummary>> {
    return this.imports.list(query.page, query.pageSize);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getImport', summary: 'One import: its status, totals and result' })
  @ApiOkResponse({ type: ImportSummaryResponse })
  @ApiNotFoundResponse({ description: 'No such import.' })
  get(@Param('id', ParseIdPipe) id: string): Promise<ImportSummary> {
    return this.imports.get(id);
  }

  @Get(':id/rows')
  @ApiOperation({
    operationId: 'listImportRows',
    summary: 'The checked rows, in spreadsheet order, each with its action, errors and warnings',
  })
  @ApiOkResponse({ type: ImportRowPageResponse })
  @ApiNotFoundResponse({ description: 'No such import, or it expired.' })
  async rows(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ListImportRowsQuery,
  ): Promise<ImportRowPage> {
    const page = await this.imports.rows(id, query.status, query.page, query.pageSize);
    return {
      ...page,
      items: page.items.map(({ customer: _customer, ...row }) => row),
    };
  }

  @Post(':id/commit')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'commitImport',
    summary: 'Write the valid rows: all or none',
    description:
      'New customers get their opening `charge`, changed balances an `adjustment` (reason: the import). One `import.finished` event and one notification follow, never one per customer. Only a validated import can be committed, once.',
  })
  @ApiOkResponse({ type: ImportSummaryResponse })
  @ApiNotFoundResponse({ description: 'No such import.' })
  @ApiConflictResponse({
    description:
      'Already committed, being committed or expired; or customers changed meanwhile (nothing written).',
  })
  @ApiUnprocessableEntityResponse({
    description: '`onInvalid: abort` and some rows are invalid; nothing written.',
  })
  commit(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: CommitImportDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportSummary> {
    return this.imports.commit(id, body, principal);
  }

  @Get(':id/errors')
  @ApiOperation({
    operationId: 'downloadImportErrors',
    summary: 'The invalid rows as .xlsx: your values, bad cells marked, an Errors column',
  })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The rows to fix, as an attachment.', ...XLSX_RESPONSE })
  @ApiNotFoundResponse({ description: 'No such import.' })
  async errors(
    @Param('id', ParseIdPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { fileName, content } = await this.imports.errorFile(id);
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', contentDisposition(fileName))
      .send(content);
  }

  /** The one file of a multipart upload, refused while it streams once it passes the limit. */
  private async receiveFile(
    request: FastifyRequest,
  ): Promise<{ fileName: string; bytes: Uint8Array }> {
    if (!request.isMultipart()) {
      throw new ValidationFailedError([
        {
          field: 'file',
          message: 'send the spreadsheet as multipart/form-data in the field "file"',
        },
      ]);
    }
    try {
      // Read to the body's end: a second file is refused, not silently left out.
      let received: { fileName: string; bytes: Uint8Array } | undefined;
      for await (const part of request.parts({
        limits: { fileSize: this.config.importMaxBytes },
      })) {
        if (part.type !== 'file') continue;
        if (part.fieldname !== 'file' || received) {
          part.file.resume();
          throw new ValidationFailedError([
            {
              field: 'file',
              message: received
                ? 'send one spreadsheet per upload'
                : 'send the spreadsheet in the multipart field "file"',
            },
          ]);
        }
        const bytes = await part.toBuffer();
        received = { fileName: cleanFileName(part.filename), bytes: new Uint8Array(bytes) };
      }
      if (!received) {
        throw new ValidationFailedError([
          { field: 'file', message: 'send the spreadsheet in the multipart field "file"' },
        ]);
      }
      return received;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new ImportFileTooLargeError(this.config.importMaxBytes);
      }
      // The client went away mid-body: its mistake (or its network's), not a server error.
      if (code === 'ECONNRESET') throw new ImportUploadCutOffError();
      if (code === 'FST_FILES_LIMIT') {
        throw new ValidationFailedError([
          { field: 'file', message: 'send one spreadsheet per upload' },
        ]);
      }
      if (error instanceof DomainError) throw error;
      // Anything else here is the multipart parser refusing the body (no boundary, no end).
      throw new ValidationFailedError([
        {
          field: 'file',
          message: `the multipart body is malformed (${error instanceof Error ? error.message : String(error)}); send the spreadsheet as multipart/form-data in the field "file"`,
        },
      ]);
    }
  }
}

/** A name fit for a header and a list: no path, no control characters, not too long. */
function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\p{Cc}\p{Cf}"]/gu, '')
    .trim()
    .slice(0, 200);
  return clean.isWellFormed() && clean !== '' ? clean : 'upload';
}

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
