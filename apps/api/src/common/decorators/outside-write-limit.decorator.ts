import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const OUTSIDE_WRITE_LIMIT = 'outsideWriteLimit';

/** The OpenAPI extension that keeps the per-account 429 off such routes in the document. */
export const OUTSIDE_WRITE_LIMIT_EXTENSION = 'x-collection-desk-outside-write-limit';

/**
 * Keeps a route's changes out of the per-account limit (AccountWriteLimitGuard): session
 * management must work when a leaked token has spent the budget (change the password).
 */
export const OutsideWriteLimit = () =>
  applyDecorators(
    SetMetadata(OUTSIDE_WRITE_LIMIT, true),
    ApiExtension(OUTSIDE_WRITE_LIMIT_EXTENSION, true),
  );
