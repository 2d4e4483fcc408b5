import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  listEnterprises,
  nodePoolOverview,
  setParallelismLimit,
} from '../../../shared/services/platform-service';
import type { ApiDependencies, ApiEnv } from '../env';
import { operatorContext, operatorOnly } from '../middleware/operator';
import { authErrors, commonErrors, jsonBody, jsonContent, pick } from '../openapi';
import { EnterpriseSchema } from '../schemas';
import { GpuCountsSchema, operatorSecurity, PageQuery } from '../schemas-gpu';

const LimitPatch = z
  .strictObject({
    parallelismLimit: z.strictObject({
      total: z.number().int().min(0).max(1_000_000),
      perType: GpuCountsSchema.optional(),
    }),
  })
  .openapi('ParallelismLimitPatch');

const NodePoolSchema = z
  .object({
    gpuType: z.string(),
    nodegroupName: z.string(),
    instanceType: z.string(),
    reservedGpus: z.number().int(),
    nodesNeeded: z.number().int(),
    maxNodes: z.number().int(),
    nodeGroup: z
      .object({
        name: z.string(),
        status: z.string(),
        scaling: z.object({ minSize: z.number(), maxSize: z.number(), desiredSize: z.number() }),
        issues: z.array(z.string()),
      })
      .nullable(),
    backend: z.enum(['eks', 'simulator']),
  })
  .openapi('NodePool');

export function platformRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'operatorToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'The platform operator token (`VKS_OPERATOR_TOKEN`, or printed by `npm start`).',
  });
  const operator = { ...operatorSecurity, middleware: [operatorOnly(deps)] };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/platform/enterprises',
      tags: ['Platform operator'],
      summary: 'Every enterprise, oldest first',
      ...operator,
      request: { query: PageQuery },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(EnterpriseSchema), nextCursor: z.string().optional() }),
          'A page of enterprises.',
        ),
        ...commonErrors,
        ...authErrors,
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = await listEnterprises(deps, limit, cursor);
      return c.json({ items: page.items, nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/platform/enterprises/{id}',
      tags: ['Platform operator'],
      summary: 'Set an enterprise’s parallelism limit',
      description:
        'A limit below what the enterprise has reserved is refused with `quota-exceeded`, ' +
        'naming the limit, what is reserved and what was asked.',
      ...operator,
      request: { params: z.object({ id: z.string().max(64) }), body: jsonBody(LimitPatch) },
      responses: {
        200: jsonContent(EnterpriseSchema, 'The enterprise with its new limit.'),
        ...commonErrors,
        ...authErrors,
        ...pick(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const { parallelismLimit } = c.req.valid('json');
      const enterprise = await setParallelismLimit(
        deps,
        c.req.valid('param').id,
        { total: parallelismLimit.total, perType: parallelismLimit.perType ?? {} },
        operatorContext(c),
      );
      return c.json(enterprise, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/platform/node-pools',
      tags: ['Platform operator'],
      summary: 'The GPU node pools, one per GPU type',
      ...operator,
      responses: {
        200: jsonContent(z.object({ items: z.array(NodePoolSchema) }), 'The node pools.'),
        ...authErrors,
      },
    }),
    async (c) => c.json({ items: await nodePoolOverview(deps) }, 200),
  );
}
