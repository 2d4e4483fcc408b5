import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { CapacityTypes, GPU_TYPE_PATTERN } from '../../../shared/domain/gpu-type';
import { putCatalogueEntry } from '../../../shared/services/platform-service';
import { listGpuTypes } from '../../../shared/store/gpu-catalogue-store';
import type { ApiDependencies, ApiEnv } from '../env';
import { operatorContext, operatorOnly } from '../middleware/operator';
import { authErrors, commonErrors, guarded, jsonBody, jsonContent, pick } from '../openapi';
import { GpuTypeSchema, operatorSecurity } from '../schemas-gpu';

const GpuTypeSpecBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(120),
    instanceType: z
      .string()
      .regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'Use an EC2 instance type such as p5.48xlarge.'),
    gpusPerNode: z.number().int().min(1).max(64),
    maxNodes: z.number().int().min(1).max(450),
    capacityType: z.enum(CapacityTypes),
  })
  .openapi('GpuTypeSpec');

export function gpuTypeRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/gpu-types',
      tags: ['GPU catalogue'],
      summary: 'The GPU types the platform offers',
      ...guarded(deps),
      responses: {
        200: jsonContent(z.object({ items: z.array(GpuTypeSchema) }), 'The catalogue.'),
        ...authErrors,
      },
    }),
    async (c) => c.json({ items: await listGpuTypes(deps.table) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/platform/gpu-types/{type}',
      tags: ['Platform operator'],
      summary: 'Add or change a GPU type',
      description:
        'The node labels and the `NoSchedule` taint are derived from the type id. A change to ' +
        '`maxNodes` or `gpusPerNode` applies at the next resize of the node pool; the instance ' +
        'type of a node pool that exists already does not change.',
      ...operatorSecurity,
      middleware: [operatorOnly(deps)],
      request: {
        params: z.object({
          type: z.string().regex(GPU_TYPE_PATTERN, 'Use a short lower-case id.'),
        }),
        body: jsonBody(GpuTypeSpecBody),
      },
      responses: {
        200: jsonContent(GpuTypeSchema, 'The changed GPU type.'),
        201: jsonContent(GpuTypeSchema, 'The new GPU type.'),
        ...commonErrors,
        ...authErrors,
        ...pick(409, 413, 415),
      },
    }),
    async (c) => {
      const { type } = c.req.valid('param');
      const { gpuType, created } = await putCatalogueEntry(
        deps,
        type,
        c.req.valid('json'),
        operatorContext(c),
      );
      return created ? c.json(gpuType, 201) : c.json(gpuType, 200);
    },
  );
}
