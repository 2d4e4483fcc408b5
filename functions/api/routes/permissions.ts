import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { administratorOnly, Permissions } from '../../../shared/domain/permissions';
import type { ApiDependencies, ApiEnv } from '../env';
import { authErrors, guarded, jsonContent } from '../openapi';

const PermissionSchema = z
  .object({
    name: z.string().openapi({ example: 'clusters:read' }),
    description: z.string(),
    grantable: z
      .boolean()
      .openapi({ description: 'False for what only the administrator can hold.' }),
  })
  .openapi('Permission');

export function permissionRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/permissions',
      tags: ['Access'],
      summary: 'The catalogue of permissions',
      description: 'Every permission a role or an API key can name. The catalogue is closed.',
      ...guarded(deps),
      responses: {
        200: jsonContent(z.object({ items: z.array(PermissionSchema) }), 'The catalogue.'),
        ...authErrors,
      },
    }),
    (c) =>
      c.json(
        {
          items: Object.entries(Permissions).map(([name, description]) => ({
            name,
            description,
            grantable: !administratorOnly.has(name as keyof typeof Permissions),
          })),
        },
        200,
      ),
  );
}
