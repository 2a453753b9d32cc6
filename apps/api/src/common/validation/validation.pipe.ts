import { ValidationPipe, type ValidationError } from '@nestjs/common';

import type { FieldError } from '@collection-desk/contracts';

import { ValidationFailedError } from '../errors/domain-error.js';

/** Strict input: unknown properties are refused, values are converted to the DTO's types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new ValidationFailedError(flattenErrors(errors)),
  });
}

/** One `{field, message}` per failed property, nested fields written as `address.city`. */
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
