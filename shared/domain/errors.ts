/**
 * Every failure the control plane reports has a stable code from this union. The HTTP layer maps a
 * code to a status and a problem `type`; nothing else about the failure leaks to clients.
 */
export const ErrorCodes = [
  'validation-failed',
  'malformed-request',
  'payload-too-large',
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'gone',
  'email-taken',
  'precondition-failed',
  'precondition-required',
  'rate-limited',
  'quota-exceeded',
  'limit-exceeded',
  'idempotency-key-reused',
  'unsupported-media-type',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ErrorCodes)[number];

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface DomainErrorOptions {
  readonly cause?: unknown;
  /** Extra members of the problem document, e.g. the limit that was exceeded. */
  readonly details?: Record<string, unknown>;
  readonly fields?: readonly FieldError[];
  /** Seconds after which a rate-limited request may be retried. */
  readonly retryAfter?: number;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly fields: readonly FieldError[] | undefined;
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.details = options.details;
    this.fields = options.fields;
    this.retryAfter = options.retryAfter;
  }
}

export const notFound = (what: string): DomainError =>
  new DomainError('not-found', `${what} does not exist.`);

export const forbidden = (permission: string): DomainError =>
  new DomainError('forbidden', `This action needs the permission ${permission}.`, {
    details: { permission },
  });

export const unauthenticated = (message = 'A valid access token or API key is required.') =>
  new DomainError('unauthenticated', message);
