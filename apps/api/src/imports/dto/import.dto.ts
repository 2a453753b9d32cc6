import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';

import {
  type CommitImportRequest,
  IMPORT_COLUMNS,
  IMPORT_DATE_FORMATS,
  IMPORT_FILE_FORMATS,
  IMPORT_INVALID_ROW_POLICIES,
  IMPORT_MODES,
  IMPORT_ROW_ACTIONS,
  IMPORT_ROW_FILTERS,
  IMPORT_STATUSES,
  type ImportCellIssue,
  type ImportColumn,
  type ImportColumnMatch,
  type ImportColumns,
  type ImportDateFormat,
  type ImportFileFormat,
  type ImportInvalidRowPolicy,
  type ImportMode,
  type ImportResult,
  type ImportRow,
  type ImportRowAction,
  type ImportRowFilter,
  type ImportRowPage,
  type ImportRowValues,
  type ImportStatus,
  type ImportSummary,
  type ImportTotals,
  type Page,
} from '@collection-desk/contracts';

import { Optional } from '../../common/validation/presence.js';
import { PageQuery } from '../../common/validation/page.query.js';

const oneOf = (values: readonly string[]) => ({ message: `must be one of: ${values.join(', ')}` });

export class UploadImportQuery {
  @ApiPropertyOptional({
    enum: IMPORT_DATE_FORMATS,
    enumName: 'ImportDateFormat',
    default: 'YYYY-MM-DD',
    description:
      'How dates typed as text are read. Date cells and Excel serial numbers need no format; YYYY-MM-DD text is always understood.',
  })
  @Optional()
  @IsIn(IMPORT_DATE_FORMATS, oneOf(IMPORT_DATE_FORMATS))
  dateFormat: ImportDateFormat = 'YYYY-MM-DD';

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Your own id for this upload: `import.progress` events while it is read carry it.',
  })
  @Optional()
  @IsUUID('all', { message: 'must be a UUID' })
  uploadToken?: string;
}

export class UploadImportBody {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      '.xlsx, .xls, .ods or .csv (UTF-8, comma or semicolon); at most IMPORT_MAX_BYTES (10 MB by default) and 100,000 rows.',
  })
  file: unknown;
}

export class CommitImportDto implements CommitImportRequest {
  @ApiProperty({
    enum: IMPORT_MODES,
    enumName: 'ImportMode',
    description:
      '`create-only` skips rows whose email already belongs to a customer; `upsert` updates that customer.',
  })
  @IsIn(IMPORT_MODES, oneOf(IMPORT_MODES))
  mode: ImportMode;

  @ApiProperty({
    enum: IMPORT_INVALID_ROW_POLICIES,
    enumName: 'ImportInvalidRowPolicy',
    description:
      '`abort` writes nothing while any row is invalid; `skip` writes the valid rows only.',
  })
  @IsIn(IMPORT_INVALID_ROW_POLICIES, oneOf(IMPORT_INVALID_ROW_POLICIES))
  onInvalid: ImportInvalidRowPolicy;
}

export class ListImportRowsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: IMPORT_ROW_FILTERS, enumName: 'ImportRowFilter' })
  @Optional()
  @IsIn(IMPORT_ROW_FILTERS, oneOf(IMPORT_ROW_FILTERS))
  status?: ImportRowFilter;
}

class ImportTotalsResponse implements ImportTotals {
  @ApiProperty({ type: 'integer', minimum: 0 }) rows: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) valid: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) invalid: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) toCreate: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) toUpdate: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) duplicatesInFile: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) withWarnings: number;
}

class ImportColumnMatchResponse implements ImportColumnMatch {
  @ApiProperty({ example: 'E-mail' }) header: string;
  @ApiProperty({ enum: IMPORT_COLUMNS, enumName: 'ImportColumn' }) column: ImportColumn;
}

class ImportColumnsResponse implements ImportColumns {
  @ApiProperty({ type: [ImportColumnMatchResponse] }) matched: ImportColumnMatchResponse[];
  @ApiProperty({ type: [String] }) unknown: string[];
  @ApiProperty({ enum: IMPORT_COLUMNS, enumName: 'ImportColumn', isArray: true })
  missing: ImportColumn[];
}

class ImportResultResponse implements ImportResult {
  @ApiProperty({ type: 'integer', minimum: 0 }) created: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) updated: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) skipped: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) failed: number;
}

export class ImportSummaryResponse implements ImportSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: IMPORT_STATUSES, enumName: 'ImportStatus' }) status: ImportStatus;
  @ApiProperty({ example: 'customers.xlsx' }) fileName: string;
  @ApiProperty({ enum: IMPORT_FILE_FORMATS, enumName: 'ImportFileFormat' })
  format: ImportFileFormat;
  @ApiProperty({ enum: IMPORT_DATE_FORMATS, enumName: 'ImportDateFormat' })
  dateFormat: ImportDateFormat;
  @ApiProperty({ type: ImportTotalsResponse }) totals: ImportTotalsResponse;
  @ApiProperty({ type: ImportColumnsResponse }) columns: ImportColumnsResponse;
  @ApiProperty({ format: 'uuid', description: 'The user who uploaded it.' }) createdBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'While committing, when the commit began; once committed, when it ended.',
  })
  committedAt: string | null;
  @ApiProperty({ enum: IMPORT_MODES, enumName: 'ImportMode', nullable: true, type: 'string' })
  mode: ImportMode | null;
  @ApiProperty({
    enum: IMPORT_INVALID_ROW_POLICIES,
    enumName: 'ImportInvalidRowPolicy',
    nullable: true,
    type: 'string',
  })
  onInvalid: ImportInvalidRowPolicy | null;
  @ApiProperty({ type: ImportResultResponse, nullable: true }) result: ImportResultResponse | null;
}

export class ImportSummaryPageResponse implements Page<ImportSummary> {
  @ApiProperty({ type: [ImportSummaryResponse] }) items: ImportSummaryResponse[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) page: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) pageSize: number;
}

class ImportCellIssueResponse implements ImportCellIssue {
  @ApiProperty({ enum: IMPORT_COLUMNS, enumName: 'ImportColumn', nullable: true, type: 'string' })
  column: ImportColumn | null;
  @ApiProperty({ example: 'must be a valid email address' }) message: string;
}

class ImportRowValuesResponse implements ImportRowValues {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() address?: string;
  @ApiPropertyOptional({ description: 'As written in the file.' }) outstandingAmount?: string;
  @ApiPropertyOptional() currency?: string;
  @ApiPropertyOptional({ description: 'As written; date cells as YYYY-MM-DD.' }) dueDate?: string;
  @ApiPropertyOptional() notes?: string;
  @ApiPropertyOptional() assigneeEmail?: string;
  @ApiPropertyOptional() paymentStatus?: string;
}

export class ImportRowResponse implements ImportRow {
  @ApiProperty({
    type: 'integer',
    minimum: 2,
    description: 'The row number the spreadsheet shows.',
  })
  row: number;
  @ApiProperty({
    enum: IMPORT_ROW_ACTIONS,
    enumName: 'ImportRowAction',
    nullable: true,
    type: 'string',
  })
  action: ImportRowAction | null;
  @ApiProperty({ type: ImportRowValuesResponse }) values: ImportRowValuesResponse;
  @ApiProperty({ type: [ImportCellIssueResponse] }) errors: ImportCellIssueResponse[];
  @ApiProperty({ type: [ImportCellIssueResponse] }) warnings: ImportCellIssueResponse[];
}

export class ImportRowPageResponse implements ImportRowPage {
  @ApiProperty({ type: [ImportRowResponse] }) items: ImportRowResponse[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) page: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) pageSize: number;
}
