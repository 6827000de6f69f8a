import type { FieldError } from './referral-schema';

/**
 * Errors named after the domain. Each carries the HTTP status the edge answers with and
 * whether its message may be shown to the caller; lib/http.ts maps them, and hides the
 * message of anything not exposed. Workflow Catch states match them by `name`.
 */
export abstract class DomainError extends Error {
  abstract readonly statusCode: number;
  /** The message is Dutch, for the caller, and names nothing internal. */
  readonly expose: boolean = true;
}

export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly statusCode = 400;
  constructor(
    readonly errors: FieldError[],
    options?: { cause?: unknown },
  ) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('; '), options);
  }
}

export class NotFoundError extends DomainError {
  override readonly name: string = 'NotFoundError';
  readonly statusCode = 404;
}

export class CaseNotFoundError extends NotFoundError {
  override readonly name: string = 'CaseNotFoundError';
  constructor(caseId: string, options?: { cause?: unknown }) {
    super(`casus ${caseId} bestaat niet`, options);
  }
}

export class FacilityNotFoundError extends NotFoundError {
  override readonly name: string = 'FacilityNotFoundError';
}

export class ConflictError extends DomainError {
  override readonly name: string = 'ConflictError';
  readonly statusCode: number = 409;
}

/**
 * The case moved on meanwhile (cancelled, or already past this step): the workflow
 * catches this by name and ends quietly; the API answers 409.
 */
export class CaseClosedError extends ConflictError {
  override readonly name: string = 'CaseClosedError';
  /** Where the case stood when a conditional write found it moved on (when the store knows). */
  current?: { status?: string; decision?: { ruleId?: string }; placement?: { destination?: string }; hold?: Record<string, unknown> };
}

/** The bed's hold ran out before the facility confirmed the admission. */
export class HoldExpiredError extends ConflictError {
  override readonly name: string = 'HoldExpiredError';
}

/** A new case drew an id that is taken: the caller draws again. */
export class CaseIdTakenError extends ConflictError {
  override readonly name: string = 'CaseIdTakenError';
}

/** A body the API does not take: over the limit (413), or not JSON where JSON is expected (415). */
export class UnacceptableBodyError extends DomainError {
  override readonly name = 'UnacceptableBodyError';
  constructor(
    readonly statusCode: 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** No valid sign-in: missing, malformed, forged or expired token. */
export class UnauthorizedError extends DomainError {
  override readonly name = 'UnauthorizedError';
  readonly statusCode = 401;
}

/** Signed in, but this role or scope may not: the refusal is logged; the message names no patient data. */
export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
  readonly statusCode = 403;
}
