import type { KubeObject } from '../ports/kube';
import { QUEUE_MANAGED_LABEL, tenantLabels, type TenantIds } from './labels';

/** Pod Security Admission levels the platform may enforce; nothing below `baseline` exists here. */
export const PodSecurityLevels = ['restricted', 'baseline'] as const;
export type PodSecurityLevel = (typeof PodSecurityLevels)[number];

const PSA = 'pod-security.kubernetes.io';

/**
 * The tenant namespace. Audit and warn stay at `restricted` even when enforcement is relaxed, so
 * that a tenant and the platform still see every pod that would fail the strict profile.
 */
export function namespaceObject(ids: TenantIds, enforce: PodSecurityLevel): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ids.namespace,
      labels: {
        ...tenantLabels(ids),
        [QUEUE_MANAGED_LABEL]: 'true',
        [`${PSA}/enforce`]: enforce,
        [`${PSA}/enforce-version`]: 'latest',
        [`${PSA}/audit`]: 'restricted',
        [`${PSA}/audit-version`]: 'latest',
        [`${PSA}/warn`]: 'restricted',
        [`${PSA}/warn-version`]: 'latest',
      },
    },
  };
}
