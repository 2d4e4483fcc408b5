import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { listAuditEvents } from '../../../shared/store/audit-log';
import type { ApiDependencies, ApiEnv } from '../env';
import { authErrors, commonErrors, guarded, jsonContent } from '../openapi';
import { PageQuery, pageOf } from '../schemas';

const AuditEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({
      kind: z.enum(['account', 'api-key', 'operator', 'system']),
      id: z.string().optional(),
      accountId: z.string().optional(),
    }),
    action: z.string().openapi({ example: 'member.role_changed' }),
    target: z.object({ type: z.string(), id: z.string() }),
    details: z.record(z.string(), z.unknown()),
    requestId: z.string(),
    sourceIp: z.string(),
  })
  .openapi('AuditEvent');

const AuditQuery = PageQuery.extend({
  action: z.string().min(1).max(100).optional().openapi({ example: 'member.removed' }),
  actor: z.string().min(1).max(100).optional().openapi({
    description: 'An account id (its own actions and its API keys’) or an API key id.',
  }),
});

export function auditRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit-events',
      tags: ['Audit'],
      summary: 'The audit log, newest first',
      description:
        'Every change, with who made it, from where and in which request. The log cannot be ' +
        'changed or deleted through the API.',
      ...guarded(deps, 'audit:read'),
      request: { query: AuditQuery },
      responses: {
        200: jsonContent(pageOf(AuditEventSchema, 'AuditEventPage'), 'A page of audit events.'),
        ...commonErrors,
        ...authErrors,
      },
    }),
    async (c) => {
      const { action, actor, ...page } = c.req.valid('query');
      const events = await listAuditEvents(
        deps.table,
        c.get('principal').enterpriseId,
        { action, actor },
        page,
      );
      return c.json(events, 200);
    },
  );
}
