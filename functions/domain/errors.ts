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
  override readonly name = 'ConflictError';
}
