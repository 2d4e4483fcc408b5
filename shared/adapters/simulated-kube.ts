import type { Logger } from '../logging/logger';
import { KubeError, type Kube, type KubeObject } from '../ports/kube';
import type { SimulatorFaults } from './simulator-faults';

/**
 * Local runtime: a simulation of the shared cluster's Kubernetes API that keeps the applied
 * objects in memory, keyed as the API server keys them. It applies and deletes at once. As the
 * API server does, an apply leaves an object's status alone (status is a subresource), and as the
 * AWS Load Balancer Controller does, a LoadBalancer Service gets an address: its ExternalDNS
 * host name, which is on the export domain.
 * Known limitation: the objects are lost when the process stops; the next workflow applies them
 * again, but a cluster that is READY before a restart has no objects in the simulator after it.
 */
export class SimulatedKube implements Kube {
  readonly kind = 'simulator';
  private readonly objects = new Map<string, KubeObject>();

  constructor(
    private readonly faults: SimulatorFaults,
    private readonly logger: Logger,
  ) {}

  async apply(objects: readonly KubeObject[]): Promise<void> {
    this.faults.check('ApplyManifests');
    for (const object of objects) {
      const key = keyOf(object);
      const { status: _ignored, ...rest } = structuredClone(object);
      const status = this.objects.get(key)?.status ?? simulatedStatus(object);
      this.objects.set(key, status === undefined ? rest : { ...rest, status });
    }
    this.logger.info('simulated Kubernetes API applied objects', {
      simulation: true,
      objects: objects.map(keyOf),
    });
  }

  async deleteNamespace(name: string): Promise<void> {
    this.faults.check('DeleteNamespace');
    for (const [key, object] of this.objects) {
      if (
        object.metadata.namespace === name ||
        (object.kind === 'Namespace' && object.metadata.name === name)
      ) {
        this.objects.delete(key);
      }
    }
    this.logger.info('simulated Kubernetes API deleted a namespace', {
      simulation: true,
      namespace: name,
    });
  }

  async delete(objects: readonly KubeObject[]): Promise<void> {
    this.faults.check('DeleteNamespace');
    for (const object of objects) this.objects.delete(keyOf(object));
    this.logger.info('simulated Kubernetes API deleted objects', {
      simulation: true,
      objects: objects.map(keyOf),
    });
  }

  async list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]> {
    this.faults.check('ApplyManifests');
    return [...this.objects.values()]
      .filter(
        (o) =>
          o.apiVersion === apiVersion &&
          o.kind === kind &&
          (namespace === undefined || o.metadata.namespace === namespace),
      )
      .map((o) => structuredClone(o));
  }

  async applyStatus(object: KubeObject & { readonly status: unknown }): Promise<void> {
    this.faults.check('ApplyManifests');
    const stored = this.objects.get(keyOf(object));
    if (!stored) throw new KubeError(`${keyOf(object)} does not exist; its status cannot be set.`);
    this.objects.set(keyOf(object), { ...stored, status: structuredClone(object.status) });
  }

  /** Every object of one kind the simulator holds, cluster-scoped ones included. */
  objectsOf(kind: string): KubeObject[] {
    return [...this.objects.values()].filter((o) => o.kind === kind);
  }

  /** Removes one object as a tenant might, so that tests can watch the reconcile restore it. */
  forget(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): void {
    this.objects.delete(keyOf(object));
  }

  /** The objects of one namespace (and the namespace itself), as the simulator holds them. */
  namespaceObjects(name: string): KubeObject[] {
    return [...this.objects.values()].filter(
      (o) => o.metadata.namespace === name || (o.kind === 'Namespace' && o.metadata.name === name),
    );
  }
}

function simulatedStatus(object: KubeObject): unknown {
  const spec = object.spec as { type?: string } | undefined;
  if (object.kind !== 'Service' || spec?.type !== 'LoadBalancer') return undefined;
  const hostname =
    object.metadata.annotations?.['external-dns.alpha.kubernetes.io/hostname'] ??
    `${object.metadata.name}.${object.metadata.namespace}.elb.simulated`;
  return { loadBalancer: { ingress: [{ hostname }] } };
}

function keyOf(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  return [
    object.apiVersion,
    object.kind,
    object.metadata.namespace ?? '',
    object.metadata.name,
  ].join('/');
}
