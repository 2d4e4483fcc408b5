import type { Logger } from '../logging/logger';
import type { Kube, KubeObject } from '../ports/kube';
import type { SimulatorFaults } from './simulator-faults';

/**
 * Local runtime: a simulation of the shared cluster's Kubernetes API that keeps the applied
 * objects in memory, keyed as the API server keys them. It applies and deletes at once.
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
    for (const object of objects) this.objects.set(keyOf(object), structuredClone(object));
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

function keyOf(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  return [
    object.apiVersion,
    object.kind,
    object.metadata.namespace ?? '',
    object.metadata.name,
  ].join('/');
}
