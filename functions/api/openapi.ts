import { z } from '@hono/zod-openapi';
import type { Permission } from '../../shared/domain/permissions';
import { authenticate, requirePermission, type ReadAhead } from './middleware/authenticate';
import type { ApiDependencies } from './env';
import { PROBLEM_CONTENT_TYPE } from './problem';

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/problems/validation-failed' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .catchall(z.unknown())
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
});

/** Error responses every route can give, merged into each route's own. */
export const commonErrors = {
  400: problem('The request could not be read (malformed JSON).'),
  422: problem('The request failed validation; `errors` names the fields.'),
};

export const authErrors = {
  401: problem('No valid access token or API key.'),
  403: problem('The caller lacks the permission the route needs.'),
};

export const errorResponses = {
  404: problem('The resource does not exist in the caller’s enterprise.'),
  409: problem('The request conflicts with the current state.'),
  410: problem('The resource is no longer available (used, revoked or expired).'),
  412: problem('`If-Match` names a version that is no longer current.'),
  413: problem('The body is over 64 KiB.'),
  415: problem('The body is not JSON.'),
  429: problem('Too many requests; see `Retry-After`.'),
  503: problem('A part of the platform (the Kubernetes API) could not be reached; retry.'),
};

export const pick = <K extends keyof typeof errorResponses>(...codes: K[]) =>
  Object.fromEntries(codes.map((k) => [k, errorResponses[k]])) as Pick<typeof errorResponses, K>;

/**
 * The security part of a route that needs a signed-in caller with `permission`. The permission is
 * also written into the OpenAPI document (`x-permission`), so that tests and clients can read it.
 */
export function guarded(deps: ApiDependencies, permission?: Permission, readAhead?: ReadAhead) {
  const authentication = authenticate(deps, readAhead);
  return {
    security: [{ bearerAuth: [] as string[] }],
    middleware: permission ? [authentication, requirePermission(permission)] : [authentication],
    'x-permission': permission ?? 'authenticated',
  };
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
