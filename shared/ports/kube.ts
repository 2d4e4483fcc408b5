/** A Kubernetes object as applied: apiVersion, kind, metadata and the rest of its fields. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/**
 * The shared EKS cluster's Kubernetes API, as far as the control plane writes to it. `apply` is
 * server-side apply under one field manager, so applying the same objects twice is a no-op.
 */
export interface Kube {
  readonly kind: 'kubernetes' | 'simulator';
  apply(objects: readonly KubeObject[]): Promise<void>;
  /** Deletes the namespace and with it everything inside; a namespace already gone is fine. */
  deleteNamespace(name: string): Promise<void>;
  /**
   * Deletes objects by kind, name and namespace, for what a namespace's deletion leaves behind
   * (a virtual cluster's cluster-scoped ClusterQueue); an object already gone is fine.
   */
  delete(objects: readonly KubeObject[]): Promise<void>;
  /** The objects of one kind (in one namespace, for a namespaced kind), as the API holds them. */
  list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]>;
  /**
   * Writes an object's `status` through its status subresource (server-side apply, the same
   * field manager), which tenants' roles never include; the object must exist.
   */
  applyStatus(object: KubeObject & { readonly status: unknown }): Promise<void>;
}

export class KubeError extends Error {
  override readonly name = 'KubeError';
}
