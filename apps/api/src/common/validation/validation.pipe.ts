import {
  type ArgumentMetadata,
  Injectable,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';

import type { FieldError } from '@collection-desk/contracts';

import { ValidationFailedError } from '../errors/domain-error.js';
import { illFormedTextFields } from './well-formed-text.js';

/**
 * Strict input: unknown properties are refused, values are converted to the DTO's types. Before
 * any of that, a body meant for a DTO must be a JSON object and no string may be ill-formed.
 */
@Injectable()
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      stopAtFirstError: true,
      exceptionFactory: (errors) => new ValidationFailedError(flattenErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A socket or a request handed to a handler as is (`custom` parameters) is not input.
    if (metadata.type === 'custom') return value;
    const expectsObject =
      metadata.type === 'body' && typeof metadata.metatype === 'function' && !metadata.data;
    if (expectsObject && value !== undefined && !isPlainObject(value)) {
      throw new ValidationFailedError([{ field: 'body', message: 'must be a JSON object' }]);
    }
    const illFormed = illFormedTextFields(value, metadata.data ?? '');
    if (illFormed.length > 0) throw new ValidationFailedError(illFormed);
    return super.transform(value, metadata);
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One `{field, message}` per failed property, nested fields written as `card.number`. */
export function flattenErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property \S+ /, ''),
    }));
    return [...own, ...flattenErrors(error.children ?? [], field)];
  });
}
