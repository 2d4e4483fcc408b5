import { z } from '@hono/zod-openapi';
import { CapacityTypes, GPU_TYPE_PATTERN } from '../../shared/domain/gpu-type';
import { CLUSTER_NAME_PATTERN, ClusterStatuses } from '../../shared/domain/cluster';

export const GpuTypeSchema = z
  .object({
    type: z.string().openapi({ example: 'h100' }),
    displayName: z.string(),
    instanceType: z.string().openapi({ example: 'p5.48xlarge' }),
    gpusPerNode: z.number().int(),
    maxNodes: z.number().int(),
    capacityType: z.enum(CapacityTypes),
    nodeLabels: z.record(z.string(), z.string()),
    taints: z.array(
      z.object({ key: z.string(), value: z.string(), effect: z.literal('NoSchedule') }),
    ),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .openapi('GpuType');

export const GpuCountsSchema = z
  .record(
    z.string().regex(GPU_TYPE_PATTERN, 'Use a GPU type id from GET /v1/gpu-types.'),
    z.number().int().min(0).max(100_000),
  )
  .openapi('GpuCounts', { example: { h100: 8, a10g: 2 } });

export const ClusterSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    namespace: z.string(),
    gpuLimits: z.record(z.string(), z.number().int()),
    status: z.enum(ClusterStatuses),
    statusReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .openapi('VirtualCluster');

export const ClusterName = z
  .string()
  .regex(
    CLUSTER_NAME_PATTERN,
    'Use 1 to 40 lower-case letters, digits and hyphens, starting and ending with a letter or digit.',
  )
  .openapi({ example: 'training' });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

/** Operator routes name their own credential in the OpenAPI document. */
export const operatorSecurity = {
  security: [{ operatorToken: [] as string[] }],
  'x-permission': 'platform-operator',
};
