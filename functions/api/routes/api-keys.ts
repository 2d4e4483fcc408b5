import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiKey } from '../../../shared/domain/api-key';
import { createApiKey, revokeKey } from '../../../shared/services/api-key-service';
import { listApiKeys } from '../../../shared/store/api-key-store';
import type { ApiDependencies, ApiEnv } from '../env';
import { auditContext } from '../middleware/request-context';
import { authErrors, commonErrors, guarded, jsonBody, jsonContent, pick } from '../openapi';
import { PageQuery, pageOf, PermissionName } from '../schemas';

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    accountId: z.string().openapi({ description: 'The account the key acts for.' }),
    prefix: z.string().openapi({ example: 'vksk_' }),
    lastCharacters: z.string().openapi({ description: 'The last four characters of the key.' }),
    permissions: z.array(z.string()).readonly(),
    createdAt: z.string(),
    expiresAt: z.string().optional(),
    lastUsedAt: z.string().optional(),
    revokedAt: z.string().optional(),
  })
  .openapi('ApiKey');

const ApiKeyCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    permissions: z.array(PermissionName).min(1).max(64),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .openapi('ApiKeyCreate');

function view(key: ApiKey) {
  const { validUntil, enterpriseId: _e, ...rest } = key;
  return { ...rest, ...(validUntil !== undefined ? { expiresAt: validUntil } : {}) };
}

// Known limitation: POST /v1/api-keys and POST /v1/invitations do not take an `Idempotency-Key`:
// replaying their answer would mean storing the key or the invitation token in the clear, which
// the control plane never does. A retried request makes a second key or invitation, which the
// caller can revoke.
export function apiKeyRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/api-keys',
      tags: ['API keys'],
      summary: 'Create an API key',
      description:
        'The key acts for the caller with the permissions named, which must be ones the caller ' +
        'holds; it never holds more than its account holds at the time of a request. The key is ' +
        'in this response only; the control plane keeps just a hash.',
      ...guarded(deps, 'api-keys:manage'),
      request: { body: jsonBody(ApiKeyCreate) },
      responses: {
        201: jsonContent(
          ApiKeySchema.extend({ key: z.string() }).openapi('NewApiKey'),
          'The key, shown this once.',
        ),
        ...commonErrors,
        ...authErrors,
        ...pick(413, 415),
      },
    }),
    async (c) => {
      const { apiKey, key } = await createApiKey(
        deps,
        c.get('principal'),
        c.req.valid('json'),
        auditContext(c),
      );
      return c.json({ ...view(apiKey), key }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/api-keys',
      tags: ['API keys'],
      summary: 'The enterprise’s API keys',
      ...guarded(deps, 'api-keys:manage'),
      request: { query: PageQuery },
      responses: {
        200: jsonContent(pageOf(ApiKeySchema, 'ApiKeyPage'), 'A page of keys.'),
        ...commonErrors,
        ...authErrors,
      },
    }),
    async (c) => {
      const page = await listApiKeys(
        deps.table,
        c.get('principal').enterpriseId,
        c.req.valid('query'),
      );
      return c.json({ ...page, items: page.items.map(view) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/api-keys/{id}',
      tags: ['API keys'],
      summary: 'Revoke an API key',
      description: 'The key stops working at once.',
      ...guarded(deps, 'api-keys:manage'),
      request: { params: z.object({ id: z.string().min(1).max(100) }) },
      responses: { 204: { description: 'Revoked.' }, ...authErrors, ...pick(404) },
    }),
    async (c) => {
      await revokeKey(
        deps,
        c.get('principal').enterpriseId,
        c.req.valid('param').id,
        auditContext(c),
      );
      return c.body(null, 204);
    },
  );
}
