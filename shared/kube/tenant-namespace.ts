import type { VirtualCluster } from '../domain/cluster';
import { totalOf } from '../domain/gpu-limits';
import type { KubeObject } from '../ports/kube';

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'vks-control-plane' } as const;

/**
 * The objects of a tenant namespace this part of the product owns: the namespace and the
 * ResourceQuota that caps GPU requests at the cluster's total, the hard backstop under every
 * finer-grained limit.
 */
export function tenantNamespaceObjects(
  cluster: Pick<VirtualCluster, 'id' | 'enterpriseId' | 'namespace' | 'gpuLimits'>,
): KubeObject[] {
  const labels = {
    ...MANAGED_BY,
    'vks.io/enterprise-id': cluster.enterpriseId.replace('_', '-'),
    'vks.io/cluster-id': cluster.id.replace('_', '-'),
  };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: cluster.namespace, labels } },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'vks-gpu-limit', namespace: cluster.namespace, labels },
      spec: { hard: { 'requests.nvidia.com/gpu': String(totalOf(cluster.gpuLimits)) } },
    },
  ];
}
