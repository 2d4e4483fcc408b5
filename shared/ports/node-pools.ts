import type { CapacityType, NodeTaint } from '../domain/gpu-type';

/** The states of an EKS managed node group, as EKS names them. */
export type NodePoolStatus =
  'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING' | 'CREATE_FAILED' | 'DELETE_FAILED' | 'DEGRADED';

export interface NodePoolScaling {
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredSize: number;
}

export interface NodePoolSpec {
  readonly name: string;
  readonly gpuType: string;
  readonly instanceType: string;
  readonly capacityType: CapacityType;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: NodeTaint[];
  readonly scaling: NodePoolScaling;
}

export interface NodePoolState {
  readonly name: string;
  readonly status: NodePoolStatus;
  readonly scaling: NodePoolScaling;
  /** What EKS reports as wrong, in words. */
  readonly issues: string[];
}

/**
 * GPU worker node pools: EKS managed node groups in AWS, a simulator locally. Every call is safe
 * to repeat: creating what exists or deleting what is gone is not an error.
 */
export interface NodePools {
  /** Honest about what it is: `eks` or `simulator`. */
  readonly kind: 'eks' | 'simulator';
  describe(name: string): Promise<NodePoolState | undefined>;
  create(spec: NodePoolSpec, requestToken: string): Promise<void>;
  resize(name: string, scaling: NodePoolScaling, requestToken: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** A node pool operation that may succeed when repeated later (throttling, an update running). */
export class NodePoolBusyError extends Error {
  override readonly name = 'NodePoolBusyError';
}

/** A node pool operation that will not succeed by repeating it. */
export class NodePoolFailedError extends Error {
  override readonly name = 'NodePoolFailedError';
}

export const nodePoolName = (gpuType: string) => `vks-gpu-${gpuType}`;
