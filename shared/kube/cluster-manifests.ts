import { DomainError } from '../domain/errors';
import type { KubeObject } from '../ports/kube';
import {
  clusterQueueName,
  clusterQueueObject,
  KUEUE_API_VERSION,
  localQueueObject,
  resourceFlavorObject,
  type GpuScheduling,
} from './kueue';
import { guardPolicyObjects } from './guard-policy';
import type { TenantIds } from './labels';
import { limitRangeObject } from './limit-range';
import { namespaceObject, type PodSecurityLevel } from './namespace';
import { networkPolicyObjects } from './network-policies';
import { resourceQuotaObject } from './resource-quota';
import { roleBindingObjects } from './role-bindings';

/** The platform's isolation settings, the same for every virtual cluster. */
export interface IsolationPolicy {
  readonly podSecurityEnforce: PodSecurityLevel;
  /** The shared cluster's VPC, pod and service ranges (IPv4 CIDRs). */
  readonly privateCidrs: readonly string[];
  /** Service exports per virtual cluster, which also bounds the load balancers they create. */
  readonly exportsPerCluster: number;
}

export interface ClusterManifestInput {
  readonly id: string;
  readonly enterpriseId: string;
  readonly namespace: string;
  readonly gpuLimits: Readonly<Record<string, number>>;
}

/**
 * Every object the control plane keeps applied for one virtual cluster, in the order they can be
 * applied: the namespace first, then what is cluster-scoped, then what lives in the namespace.
 * `catalogue` must hold every GPU type the limits name.
 */
export function clusterManifests(
  cluster: ClusterManifestInput,
  catalogue: readonly GpuScheduling[],
  policy: IsolationPolicy,
): KubeObject[] {
  const ids: TenantIds = {
    enterpriseId: cluster.enterpriseId,
    clusterId: cluster.id,
    namespace: cluster.namespace,
  };
  const limited = Object.entries(cluster.gpuLimits).filter(([, n]) => n > 0);
  const flavors = limited.map(([type]) => resourceFlavorObject(schedulingOf(type, catalogue)));
  const totalGpus = limited.reduce((sum, [, n]) => sum + n, 0);

  return [
    namespaceObject(ids, policy.podSecurityEnforce),
    ...guardPolicyObjects(),
    ...flavors.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)),
    clusterQueueObject(ids, cluster.gpuLimits),
    ...roleBindingObjects(ids),
    resourceQuotaObject(ids, totalGpus, policy.exportsPerCluster),
    limitRangeObject(ids),
    ...networkPolicyObjects(ids, policy.privateCidrs),
    localQueueObject(ids),
  ];
}

function schedulingOf(type: string, catalogue: readonly GpuScheduling[]): GpuScheduling {
  const found = catalogue.find((gpu) => gpu.type === type);
  if (!found) {
    throw new DomainError('internal', `The GPU type ${type} is not in the GPU catalogue.`);
  }
  return found;
}

/**
 * What deleting the namespace leaves behind of one virtual cluster: its ClusterQueue, which is
 * cluster-scoped. The ResourceFlavors and the admission policy are shared, and stay.
 */
export function leftoversOf(cluster: ClusterManifestInput): KubeObject[] {
  const ids = {
    enterpriseId: cluster.enterpriseId,
    clusterId: cluster.id,
    namespace: cluster.namespace,
  };
  return [
    {
      apiVersion: KUEUE_API_VERSION,
      kind: 'ClusterQueue',
      metadata: { name: clusterQueueName(ids) },
    },
  ];
}
