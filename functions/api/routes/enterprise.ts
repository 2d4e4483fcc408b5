import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { updateEnterprise } from '../../../shared/services/enterprise-service';
import { getEnterprise } from '../../../shared/store/enterprise-store';
import type { ApiDependencies, ApiEnv } from '../env';
import { etagOf, versionFromIfMatch } from '../etag';
import { auditContext } from '../middleware/request-context';
import { authErrors, commonErrors, guarded, jsonBody, jsonContent, pick } from '../openapi';
import { BillingAddressSchema, Email, EnterpriseName, EnterpriseSchema } from '../schemas';

const EnterprisePatch = z
  .strictObject({
    name: EnterpriseName.optional(),
    contactEmail: Email.optional(),
    billingAddress: BillingAddressSchema.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'Name at least one field to change.',
  })
  .openapi('EnterprisePatch');

const etagHeader = {
  ETag: { description: 'The version, for `If-Match`.', schema: { type: 'string' as const } },
};

export function enterpriseRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/enterprise',
      tags: ['Enterprise'],
      summary: 'The caller’s enterprise',
      ...guarded(deps, 'enterprise:read'),
      responses: {
        200: { ...jsonContent(EnterpriseSchema, 'The enterprise.'), headers: etagHeader },
        ...authErrors,
      },
    }),
    async (c) => {
      const enterprise = await getEnterprise(deps.table, c.get('principal').enterpriseId);
      c.header('etag', etagOf(enterprise.version));
      return c.json(enterprise, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/enterprise',
      tags: ['Enterprise'],
      summary: 'Change the enterprise’s basic information',
      description:
        'Send `If-Match` with the `ETag` you read; a stale one gets `412` and changes nothing.',
      ...guarded(deps, 'enterprise:update'),
      request: {
        headers: z.object({ 'if-match': z.string().max(100).optional() }),
        body: jsonBody(EnterprisePatch),
      },
      responses: {
        200: { ...jsonContent(EnterpriseSchema, 'The changed enterprise.'), headers: etagHeader },
        ...commonErrors,
        ...authErrors,
        ...pick(412, 413, 415),
      },
    }),
    async (c) => {
      const expected = versionFromIfMatch(c.req.header('if-match'));
      const principal = c.get('principal');
      const next = await updateEnterprise(
        deps,
        principal.enterpriseId,
        c.req.valid('json'),
        expected,
        auditContext(c),
      );
      c.header('etag', etagOf(next.version));
      return c.json(next, 200);
    },
  );
}
