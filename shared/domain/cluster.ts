import { DomainError } from './errors';
import type { GpuCounts } from './gpu-limits';

export const ClusterStatuses = [
  'PROVISIONING',
  'READY',
  'UPDATING',
  'DELETING',
  'DELETED',
  'FAILED',
] as const;
export type ClusterStatus = (typeof ClusterStatuses)[number];

export type ClusterOperation = 'provision' | 'update' | 'delete';

export interface VirtualCluster {
  readonly id: string;
  readonly enterpriseId: string;
  readonly name: string;
  readonly namespace: string;
  /** The GPUs per type the cluster may use, as last asked for and granted. */
  readonly gpuLimits: GpuCounts;
  readonly status: ClusterStatus;
  readonly statusReason: string | null;
  /** Counts operations; an operation's workflow execution is named from it. */
  readonly generation: number;
  readonly operation: ClusterOperation;
  /** What the enterprise's reservation holds for this cluster right now. */
  readonly reservedGpus: GpuCounts;
  /** What this cluster counts for in the service-wide node pool sizes. */
  readonly poolGpus: GpuCounts;
  /** The limits in force before an update, restored if the update fails. */
  readonly previousGpuLimits: GpuCounts | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** Names are RFC 1123 DNS labels, so that they read well inside Kubernetes names too. */
export const CLUSTER_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;

const busy: readonly ClusterStatus[] = ['PROVISIONING', 'UPDATING', 'DELETING'];

/**
 * Whether `operation` may start on a cluster in its current state. One operation runs at a time;
 * a failed update leaves the namespace in place, so the cluster can be changed again, while a
 * failed provisioning can only be deleted.
 */
export function assertCanStart(cluster: VirtualCluster, operation: ClusterOperation): void {
  if (busy.includes(cluster.status)) {
    throw new DomainError(
      'conflict',
      `The cluster is ${cluster.status}; wait until it is READY or FAILED and try again.`,
      { details: { status: cluster.status } },
    );
  }
  if (cluster.status === 'DELETED') throw new DomainError('not-found', 'The cluster was deleted.');
  if (operation === 'update' && cluster.status === 'FAILED' && cluster.operation === 'provision') {
    throw new DomainError(
      'conflict',
      'The cluster failed to provision; delete it and create it again.',
      { details: { status: cluster.status } },
    );
  }
}

/** A name for the execution of one operation: starting it twice starts it once. */
export function executionName(
  cluster: Pick<VirtualCluster, 'id' | 'generation' | 'operation'>,
): string {
  return `${cluster.id}-${cluster.operation}-${cluster.generation}`;
}

/**
 * The tenant namespace: the cluster name for people, and part of the cluster id so that two
 * enterprises' clusters of one name never meet in the shared EKS cluster (at most 54 characters).
 */
export function namespaceFor(name: string, clusterId: string): string {
  return `vc-${name}-${clusterId.replace(/^vc_/, '').slice(0, 10)}`;
}
