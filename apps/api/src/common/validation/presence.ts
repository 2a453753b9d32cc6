import { ValidateIf } from 'class-validator';

/**
 * The property may be left out. `null` is a wrong value like any other: the contract types
 * such a property `name?: string`, so `{"name": null}` fails the type check that follows.
 * (class-validator's own `@Optional()` skips null too, which is why this exists.)
 */
export const Optional = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

/** The property may be left out or `null` (which clears it): `phone?: string | null`. */
export const OptionalNullable = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);
