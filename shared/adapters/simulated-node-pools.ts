import type { Logger } from '../logging/logger';
import {
  NodePoolBusyError,
  NodePoolFailedError,
  type NodePools,
  type NodePoolScaling,
  type NodePoolSpec,
  type NodePoolState,
  type NodePoolStatus,
} from '../ports/node-pools';
import type { SimulatorFaults } from './simulator-faults';

interface SimulatedPool {
  spec: NodePoolSpec;
  scaling: NodePoolScaling;
  /** The state being moved through and the one it settles in, when `settlesAt` has passed. */
  status: NodePoolStatus;
  next: NodePoolStatus | 'GONE';
  settlesAt: number;
  issues: string[];
}

/**
 * Local runtime: a simulation of EKS managed node groups with EKS's states. A create passes
 * through CREATING to ACTIVE, a resize through UPDATING, a delete through DELETING, each taking
 * `delayMs`; a create told to fail ends CREATE_FAILED as EKS reports it. As in EKS, a node group
 * that is changing refuses another change. State is kept in memory, for this process only.
 */
export class SimulatedNodePools implements NodePools {
  readonly kind = 'simulator';
  private readonly pools = new Map<string, SimulatedPool>();

  constructor(
    private readonly delayMs: number,
    private readonly faults: SimulatorFaults,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async describe(name: string): Promise<NodePoolState | undefined> {
    this.faults.check('DescribeNodegroup');
    const pool = this.settle(name);
    if (!pool) return undefined;
    return { name, status: pool.status, scaling: { ...pool.scaling }, issues: [...pool.issues] };
  }

  async create(spec: NodePoolSpec): Promise<void> {
    if (this.settle(spec.name)) return;
    const fails = this.faults.take('CreateNodegroup') !== undefined;
    this.pools.set(spec.name, {
      spec,
      scaling: spec.scaling,
      status: 'CREATING',
      next: fails ? 'CREATE_FAILED' : 'ACTIVE',
      settlesAt: this.now() + this.delayMs,
      issues: fails
        ? ['NodeCreationFailure: instances failed to join (a fault injected by VKS_SIM_FAULTS)']
        : [],
    });
    this.log('created a node group', spec.name, {
      instanceType: spec.instanceType,
      ...spec.scaling,
    });
  }

  async resize(name: string, scaling: NodePoolScaling): Promise<void> {
    this.faults.check('UpdateNodegroupConfig');
    const pool = this.settle(name);
    if (!pool) throw new NodePoolFailedError(`The node group ${name} does not exist.`);
    if (pool.status !== 'ACTIVE') {
      throw new NodePoolBusyError(`The node group ${name} is ${pool.status}.`);
    }
    Object.assign(pool, {
      scaling,
      status: 'UPDATING',
      next: 'ACTIVE',
      settlesAt: this.now() + this.delayMs,
    });
    this.log('resized a node group', name, { ...scaling });
  }

  async delete(name: string): Promise<void> {
    this.faults.check('DeleteNodegroup');
    const pool = this.settle(name);
    if (!pool || pool.status === 'DELETING') return;
    if (pool.status === 'CREATING' || pool.status === 'UPDATING') {
      throw new NodePoolBusyError(`The node group ${name} is ${pool.status}.`);
    }
    Object.assign(pool, { status: 'DELETING', next: 'GONE', settlesAt: this.now() + this.delayMs });
    this.log('deleting a node group', name);
  }

  private settle(name: string): SimulatedPool | undefined {
    const pool = this.pools.get(name);
    if (!pool || pool.status === pool.next || this.now() < pool.settlesAt) return pool;
    if (pool.next === 'GONE') {
      this.pools.delete(name);
      this.log('deleted a node group', name);
      return undefined;
    }
    pool.status = pool.next;
    this.log(`node group is ${pool.status}`, name);
    return pool;
  }

  private log(message: string, name: string, fields: Record<string, unknown> = {}): void {
    this.logger.info(`simulated EKS ${message}`, { simulation: true, nodegroup: name, ...fields });
  }
}
