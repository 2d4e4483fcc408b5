import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDependencies, ApiEnv } from '../env';
import { jsonContent } from '../openapi';

const Health = z
  .object({ status: z.literal('ok'), runtime: z.enum(['aws', 'local']) })
  .openapi('Health');

export function healthRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['Discovery'],
      summary: 'Liveness',
      'x-permission': 'public',
      responses: { 200: jsonContent(Health, 'The API is answering.') },
    }),
    (c) => c.json({ status: 'ok' as const, runtime: deps.runtime }, 200),
  );
}
