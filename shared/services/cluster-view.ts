import type { VirtualCluster } from '../domain/cluster';

/** A virtual cluster as the API shows it; bookkeeping for workflows stays inside. */
export function clusterView(cluster: VirtualCluster) {
  return {
    id: cluster.id,
    name: cluster.name,
    namespace: cluster.namespace,
    gpuLimits: cluster.gpuLimits,
    status: cluster.status,
    statusReason: cluster.statusReason,
    createdAt: cluster.createdAt,
    updatedAt: cluster.updatedAt,
    version: cluster.version,
  };
}

export type ClusterView = ReturnType<typeof clusterView>;
