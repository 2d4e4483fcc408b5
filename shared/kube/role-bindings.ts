import { AccessLevels, kubernetesGroup } from '../domain/cluster-access';
import type { KubeObject } from '../ports/kube';
import { tenantLabels, type TenantIds } from './labels';

/**
 * One RoleBinding per access level, binding the level's OIDC group to the built-in ClusterRole of
 * the same name. A RoleBinding grants a ClusterRole's rules inside its own namespace only; tenants
 * never get a ClusterRoleBinding.
 */
export function roleBindingObjects(ids: TenantIds): KubeObject[] {
  return AccessLevels.map((level) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `vks-${level}`, namespace: ids.namespace, labels: tenantLabels(ids) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: level },
    subjects: [
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: kubernetesGroup(ids.clusterId, level),
      },
    ],
  }));
}
