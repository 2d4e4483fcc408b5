import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { enterpriseUsage } from '../../../shared/services/platform-service';
import type { ApiDependencies, ApiEnv } from '../env';
import { authErrors, guarded, jsonContent } from '../openapi';

const Line = z.object({
  limit: z.number().int().nullable().openapi({ description: '`null`: no cap of its own.' }),
  reserved: z.number().int(),
  free: z.number().int().nullable(),
});
const UsageSchema = z
  .object({
    total: z.object({
      limit: z.number().int(),
      reserved: z.number().int(),
      free: z.number().int(),
    }),
    perType: z.record(z.string(), Line),
  })
  .openapi('Usage');

export function usageRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/usage',
      tags: ['Virtual clusters'],
      summary: 'GPU limits, reserved and free, in all and per GPU type',
      ...guarded(deps, 'usage:read'),
      responses: { 200: jsonContent(UsageSchema, 'The enterprise’s GPU usage.'), ...authErrors },
    }),
    async (c) => c.json(await enterpriseUsage(deps, c.get('principal').enterpriseId), 200),
  );
}
