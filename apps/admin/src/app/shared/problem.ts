import { HttpErrorResponse } from '@angular/common/http';
import type { AbstractControl, FormGroup } from '@angular/forms';

import type { ProblemDetails } from '@collection-desk/contracts';

/** The problem+json body of a failed call, or a generic one when the server sent none. */
export function problemOf(error: unknown): ProblemDetails {
  if (
    error instanceof HttpErrorResponse &&
    error.error &&
    typeof error.error === 'object' &&
    'detail' in error.error
  ) {
    return error.error as ProblemDetails;
  }
  if (error instanceof HttpErrorResponse && error.status === 0) {
    return {
      type: 'about:blank',
      title: 'Offline',
      status: 0,
      detail: 'The server cannot be reached. Check your connection.',
    };
  }
  return {
    type: 'about:blank',
    title: 'Error',
    status: 500,
    detail: 'Something went wrong. Please try again.',
  };
}

/**
 * Marks each field the server named with its message (`errors.server`), so the form shows it
 * where the user typed. Returns the problem's detail for anything not tied to a field.
 */
export function applyServerErrors(form: FormGroup, error: unknown): string {
  const problem = problemOf(error);
  let unmatched = false;
  for (const { field, message } of problem.errors ?? []) {
    const control: AbstractControl | null = form.get(field);
    if (control) {
      control.setErrors({ ...control.errors, server: message });
      control.markAsTouched();
    } else {
      unmatched = true;
    }
  }
  return problem.errors?.length && !unmatched ? '' : problem.detail;
}
