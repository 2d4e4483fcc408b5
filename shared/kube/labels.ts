/** Labels and names the control plane puts on, and selects, Kubernetes objects. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'vks-control-plane';
export const ENTERPRISE_LABEL = 'vks.io/enterprise-id';
export const CLUSTER_LABEL = 'vks.io/cluster-id';

/**
 * Kueue's configuration on the shared cluster manages every workload in the namespaces with this
 * label (`managedJobsNamespaceSelector`); see docs/isolation.md for that configuration.
 */
export const QUEUE_MANAGED_LABEL = 'vks.io/queue-managed';

/** The label of the namespace where the ingress gateway of service exports runs. */
export const INGRESS_GATEWAY_LABEL = 'vks.io/ingress-gateway';

/** Set by the API server on every namespace and immutable, so a selector on it cannot be forged. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The field manager of every server-side apply the control plane makes. */
export const FIELD_MANAGER = 'vks-control-plane';

export interface TenantIds {
  readonly enterpriseId: string;
  readonly clusterId: string;
  readonly namespace: string;
}

export function tenantLabels(ids: TenantIds): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY,
    [ENTERPRISE_LABEL]: ids.enterpriseId,
    [CLUSTER_LABEL]: ids.clusterId,
  };
}
