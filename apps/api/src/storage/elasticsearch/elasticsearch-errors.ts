import { errors } from '@elastic/elasticsearch';

export function hasStatus(error: unknown, status: number): boolean {
  return error instanceof errors.ResponseError && error.statusCode === status;
}

/** 409: a create hit an existing id, or an if_seq_no write lost a race. */
export const isConflict = (error: unknown) => hasStatus(error, 409);
export const isNotFound = (error: unknown) => hasStatus(error, 404);
