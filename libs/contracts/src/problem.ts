/** One invalid field in a request, as listed in a validation problem. */
export interface FieldError {
  field: string;
  message: string;
}

/** The body of every error response: RFC 9457 problem details (`application/problem+json`). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** The request id also found in the logs, so a user's report can be traced. */
  requestId?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
