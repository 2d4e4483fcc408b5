import type { KubeObject } from '../ports/kube';
import { MANAGED_BY, MANAGED_BY_LABEL, NAMESPACE_NAME_LABEL, tenantLabels } from './labels';
import type { TenantIds } from './labels';

export const KUEUE_API_VERSION = 'kueue.x-k8s.io/v1beta1';
export const GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * The LocalQueue is named `default` so that Kueue's local queue defaulting puts a workload that
 * names no queue into it; every workload of the namespace is then counted against the cluster.
 */
export const LOCAL_QUEUE_NAME = 'default';

/** What the GPU catalogue says about scheduling onto one GPU type's node pool. */
export interface GpuScheduling {
  readonly type: string;
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly taints: readonly { key: string; value: string; effect: string }[];
}

export const flavorName = (gpuType: string): string => `gpu-${gpuType}`;

/**
 * One ResourceFlavor per GPU type, shared by every virtual cluster. Kueue injects the node labels
 * as a node selector and the tolerations of the pool's taint into the pods it admits with the
 * flavor, so a tenant's pod lands on the type it was counted against and on no other.
 */
export function resourceFlavorObject(gpu: GpuScheduling): KubeObject {
  return {
    apiVersion: KUEUE_API_VERSION,
    kind: 'ResourceFlavor',
    metadata: { name: flavorName(gpu.type), labels: { [MANAGED_BY_LABEL]: MANAGED_BY } },
    spec: {
      nodeLabels: { ...gpu.nodeLabels },
      tolerations: gpu.taints.map((taint) => ({
        key: taint.key,
        operator: 'Equal',
        value: taint.value,
        effect: taint.effect,
      })),
    },
  };
}

/**
 * The ClusterQueue of one virtual cluster: its GPU limit per type as the nominal quota of that
 * type's flavor, with no cohort, so it never borrows from another tenant nor lends to one. The
 * namespace selector uses the API server's own name label, which no tenant can set.
 */
export function clusterQueueObject(
  ids: TenantIds,
  gpuLimits: Readonly<Record<string, number>>,
): KubeObject {
  const types = Object.keys(gpuLimits)
    .filter((type) => (gpuLimits[type] ?? 0) > 0)
    .sort();
  const resourceGroups =
    types.length === 0
      ? []
      : [
          {
            coveredResources: [GPU_RESOURCE],
            flavors: types.map((type) => ({
              name: flavorName(type),
              resources: [{ name: GPU_RESOURCE, nominalQuota: gpuLimits[type] }],
            })),
          },
        ];
  return {
    apiVersion: KUEUE_API_VERSION,
    kind: 'ClusterQueue',
    metadata: { name: clusterQueueName(ids), labels: tenantLabels(ids) },
    spec: {
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ids.namespace } },
      queueingStrategy: 'BestEffortFIFO',
      stopPolicy: 'None',
      preemption: { withinClusterQueue: 'LowerPriority', reclaimWithinCohort: 'Never' },
      resourceGroups,
    },
  };
}

/** Cluster ids hold an underscore, which Kubernetes names refuse; the namespace is unique too. */
export const clusterQueueName = (ids: TenantIds): string => ids.namespace;

export function localQueueObject(ids: TenantIds): KubeObject {
  return {
    apiVersion: KUEUE_API_VERSION,
    kind: 'LocalQueue',
    metadata: { name: LOCAL_QUEUE_NAME, namespace: ids.namespace, labels: tenantLabels(ids) },
    spec: { clusterQueue: clusterQueueName(ids) },
  };
}
