/**
 * Access to a virtual cluster is granted per member at one of three levels, named after the
 * built-in Kubernetes ClusterRoles they bind to inside the cluster's namespace.
 */
export const AccessLevels = ['admin', 'edit', 'view'] as const;
export type AccessLevel = (typeof AccessLevels)[number];

/**
 * The prefixes the shared EKS cluster's OIDC identity provider config puts before the claims of a
 * control plane token, so that a tenant can never name a `system:` user or group.
 */
export const OIDC_USERNAME_PREFIX = 'vks:';
export const OIDC_GROUPS_PREFIX = 'vks:';

/** The group a token carries for one grant: the cluster id and the level, e.g. `vc_x:edit`. */
export function grantGroup(clusterId: string, level: AccessLevel): string {
  return `${clusterId}:${level}`;
}

/** The same group as the Kubernetes API server sees it, after the identity provider's prefix. */
export function kubernetesGroup(clusterId: string, level: AccessLevel): string {
  return `${OIDC_GROUPS_PREFIX}${grantGroup(clusterId, level)}`;
}
