import type { FieldError } from './referral';

/** Domain errors; the HTTP edge maps them to status codes (see lib/http.ts). */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    readonly errors: FieldError[],
    options?: { cause?: unknown },
  ) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('; '), options);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export class ConflictError extends Error {
  override readonly name: string = 'ConflictError';
}

/**
 * The case moved on meanwhile (cancelled, or already past this step): the workflow
 * catches this by name and ends quietly; the API answers 409.
 */
export class CaseClosedError extends ConflictError {
  override readonly name: string = 'CaseClosedError';
}
