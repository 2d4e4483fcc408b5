import type { KubeObject } from '../ports/kube';
import { tenantLabels, type TenantIds } from './labels';

/**
 * How many objects of each kind one virtual cluster may hold. They keep one tenant from filling
 * etcd or the volume quota of the shared cluster; GPUs are limited by the cluster's own limits.
 */
export const objectCounts = {
  pods: '200',
  services: '50',
  persistentvolumeclaims: '50',
  configmaps: '200',
  secrets: '200',
  'requests.storage': '2Ti',
} as const;

/**
 * The hard backstop of a virtual cluster. `requests.nvidia.com/gpu` is the cluster's total over
 * all GPU types, which holds even for a pod that escaped the Kueue queue. No NodePort Service.
 * LoadBalancer Services are bounded by the number of service exports: a quota counts every
 * creator's objects alike, and the control plane's NLBs for TCP exports live in the namespace.
 * That a tenant cannot create a load balancer itself is the admission policy's work
 * (`exposure-guard.ts`), which knows who is asking.
 */
export function resourceQuotaObject(
  ids: TenantIds,
  totalGpus: number,
  loadBalancers: number,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'vks-quota', namespace: ids.namespace, labels: tenantLabels(ids) },
    spec: {
      hard: {
        'requests.nvidia.com/gpu': String(totalGpus),
        'services.nodeports': '0',
        'services.loadbalancers': String(loadBalancers),
        ...objectCounts,
      },
    },
  };
}
