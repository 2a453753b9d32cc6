import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'isPublic';

/** The OpenAPI extension through which a route tells the document which credentials it takes. */
export const SECURITY_EXTENSION = 'x-collection-desk-security';

/** Credentials a public route still understands when sent (logout ends the caller's session). */
export type OptionalCredential = 'bearer' | 'refreshCookie';

/**
 * Opts a route out of the global authentication guard, and says so in the OpenAPI document
 * (`security: []`, or the optional credentials the route reads). Use sparingly.
 */
export const Public = (...optional: OptionalCredential[]) =>
  applyDecorators(
    SetMetadata(IS_PUBLIC, true),
    ApiExtension(
      SECURITY_EXTENSION,
      optional.length === 0 ? [] : [{}, ...optional.map((name) => ({ [name]: [] }))],
    ),
  );
