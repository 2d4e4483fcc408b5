import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, type ErrorCode, type FieldError } from '../../shared/domain/errors';

/** Status and human title of each error code; the `type` URI is derived from the code. */
export const problemCatalogue: Record<ErrorCode, { status: ContentfulStatusCode; title: string }> =
  {
    'validation-failed': { status: 422, title: 'The request is not valid' },
    'malformed-request': { status: 400, title: 'The request could not be read' },
    'payload-too-large': { status: 413, title: 'The request body is too large' },
    unauthenticated: { status: 401, title: 'Authentication is required' },
    forbidden: { status: 403, title: 'The permission is missing' },
    'not-found': { status: 404, title: 'Not found' },
    conflict: { status: 409, title: 'The request conflicts with the current state' },
    gone: { status: 410, title: 'The resource is no longer available' },
    'email-taken': { status: 409, title: 'The e-mail address is already in use' },
    'precondition-failed': { status: 412, title: 'The resource has changed' },
    'precondition-required': { status: 428, title: 'A precondition is required' },
    'rate-limited': { status: 429, title: 'Too many requests' },
    'quota-exceeded': { status: 409, title: 'A GPU limit would be exceeded' },
    'limit-exceeded': { status: 409, title: 'A limit of the platform would be exceeded' },
    'idempotency-key-reused': {
      status: 422,
      title: 'The idempotency key was used for another request',
    },
    'unsupported-media-type': { status: 415, title: 'The content type is not supported' },
    unavailable: { status: 503, title: 'A part of the platform is unavailable; retry' },
    internal: { status: 500, title: 'Internal error' },
  };

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemType = (code: ErrorCode) => `/problems/${code}`;

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: readonly FieldError[];
  [extension: string]: unknown;
}

export function problemBody(err: DomainError, instance?: string): ProblemDocument {
  const { status, title } = problemCatalogue[err.code];
  return {
    ...err.details,
    type: problemType(err.code),
    title,
    status,
    detail: err.message,
    ...(instance ? { instance } : {}),
    ...(err.fields ? { errors: err.fields } : {}),
  };
}

export function problemResponse(c: Context, err: DomainError): Response {
  const body = problemBody(err, c.req.path);
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  if (err.retryAfter !== undefined) headers['retry-after'] = String(err.retryAfter);
  if (err.code === 'unauthenticated') headers['www-authenticate'] = 'Bearer realm="vks"';
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** Turns whatever was thrown into a domain error; anything unexpected becomes `internal`. */
export function toDomainError(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof HTTPException) return fromHttpException(err);
  return new DomainError('internal', 'Something went wrong on our side; it has been logged.', {
    cause: err,
  });
}

function fromHttpException(err: HTTPException): DomainError {
  switch (err.status) {
    case 400:
      return new DomainError(
        'malformed-request',
        err.message || 'The request body is not valid JSON.',
        {
          cause: err,
        },
      );
    case 413:
      return new DomainError('payload-too-large', 'The request body is larger than 64 KiB.', {
        cause: err,
      });
    case 415:
      return new DomainError('unsupported-media-type', 'Send the body as application/json.', {
        cause: err,
      });
    case 401:
      return new DomainError('unauthenticated', err.message, { cause: err });
    case 404:
      return new DomainError('not-found', 'No such route.', { cause: err });
    default:
      return new DomainError('internal', err.message, { cause: err });
  }
}
