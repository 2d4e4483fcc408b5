/** What the platform operator offers: one GPU type, served by one EKS managed node group. */
export const CapacityTypes = ['ON_DEMAND', 'SPOT', 'CAPACITY_BLOCK'] as const;
export type CapacityType = (typeof CapacityTypes)[number];

export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule';
}

export interface GpuType {
  /** The type id used in limits, e.g. `h100`. */
  readonly type: string;
  readonly displayName: string;
  readonly instanceType: string;
  readonly gpusPerNode: number;
  /** The largest the node pool of this type may grow. */
  readonly maxNodes: number;
  readonly capacityType: CapacityType;
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly taints: NodeTaint[];
  readonly updatedAt: string;
  readonly version: number;
}

export type GpuTypeSpec = Pick<
  GpuType,
  'displayName' | 'instanceType' | 'gpusPerNode' | 'maxNodes' | 'capacityType'
>;

/** GPU type ids appear in node labels, node group names and Kubernetes names. */
export const GPU_TYPE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

export const GPU_TYPE_LABEL = 'vks.io/gpu-type';

/**
 * The labels and the taint every node of a pool carries. The taint keeps every pod off GPU nodes
 * unless it tolerates this very type, so a tenant asking for an `a10g` never lands on an `h100`.
 */
export function nodeSchedulingOf(type: string): Pick<GpuType, 'nodeLabels' | 'taints'> {
  return {
    nodeLabels: { [GPU_TYPE_LABEL]: type, 'nvidia.com/gpu.present': 'true' },
    taints: [{ key: GPU_TYPE_LABEL, value: type, effect: 'NoSchedule' }],
  };
}

export function gpuTypeFrom(type: string, spec: GpuTypeSpec, now: string, version = 1): GpuType {
  return { type, ...spec, ...nodeSchedulingOf(type), updatedAt: now, version };
}

/** The catalogue a fresh installation starts with; the operator changes and extends it. */
export const seedCatalogue: Readonly<Record<string, GpuTypeSpec>> = {
  h100: {
    displayName: 'NVIDIA H100 80GB',
    instanceType: 'p5.48xlarge',
    gpusPerNode: 8,
    maxNodes: 8,
    capacityType: 'ON_DEMAND',
  },
  a100: {
    displayName: 'NVIDIA A100 40GB',
    instanceType: 'p4d.24xlarge',
    gpusPerNode: 8,
    maxNodes: 8,
    capacityType: 'ON_DEMAND',
  },
  l40s: {
    displayName: 'NVIDIA L40S 48GB',
    instanceType: 'g6e.12xlarge',
    gpusPerNode: 4,
    maxNodes: 16,
    capacityType: 'ON_DEMAND',
  },
  a10g: {
    displayName: 'NVIDIA A10G 24GB',
    instanceType: 'g5.xlarge',
    gpusPerNode: 1,
    maxNodes: 64,
    capacityType: 'ON_DEMAND',
  },
};

/** Nodes a pool needs to serve `gpus` GPUs of its type. */
export function nodesFor(gpus: number, gpuType: Pick<GpuType, 'gpusPerNode'>): number {
  return Math.ceil(gpus / gpuType.gpusPerNode);
}
