import { nodesFor, type GpuType } from '../domain/gpu-type';
import type { Logger } from '../logging/logger';
import {
  NodePoolBusyError,
  nodePoolName,
  type NodePools,
  type NodePoolState,
} from '../ports/node-pools';
import { findGpuType } from '../store/gpu-catalogue-store';
import { poolReservation } from '../store/node-pool-store';
import type { Table } from '../store/table';
import { TaskFailedError } from './task-errors';

export type ReconcileMode = 'grow' | 'shrink';

export interface ReconcileDependencies {
  readonly table: Table;
  readonly nodePools: NodePools;
  readonly logger: Logger;
}

/**
 * Moves the node pool of one GPU type one step towards the size the service-wide reservation
 * needs, and says whether it is there. It is called again and again by the workflow's poll loop,
 * so each call does at most one change and every call is safe to repeat. A pool no cluster needs
 * is deleted; scaling is from zero, the maximum set from the GPUs reserved of its type.
 */
export async function reconcileNodePool(
  deps: ReconcileDependencies,
  type: string,
  mode: ReconcileMode,
  requestToken: string,
): Promise<boolean> {
  const gpuType = await findGpuType(deps.table, type);
  if (!gpuType) throw new TaskFailedError(`The GPU type ${type} is no longer in the catalogue.`);
  const name = nodePoolName(type);
  const needed = nodesFor(await poolReservation(deps.table, type), gpuType);
  if (needed > gpuType.maxNodes && mode === 'grow') {
    throw new TaskFailedError(
      `The ${type} node pool is at its maximum of ${gpuType.maxNodes} nodes; ask the platform ` +
        'operator to raise it, or ask for fewer GPUs of this type.',
    );
  }
  const maxSize = Math.min(needed, gpuType.maxNodes);

  try {
    const state = await deps.nodePools.describe(name);
    return needed === 0
      ? await removePool(deps, name, state)
      : await sizePool(deps, gpuType, state, maxSize, mode, `${requestToken}-${maxSize}`);
  } catch (err) {
    if (err instanceof NodePoolBusyError) return false;
    throw err;
  }
}

/**
 * Takes one step to make a pool of another GPU type smaller when it is larger than the service
 * needs: a shrink that failed earlier (its workflow gave up on it, leaving the pool larger than
 * needed, never too small) is finished by the next workflow that shrinks anything. Only a settled
 * pool that is too large is touched, so a pool another workflow is creating or growing is left
 * alone, and a busy answer is no failure.
 */
export async function trimNodePool(
  deps: ReconcileDependencies,
  gpuType: GpuType,
  requestToken: string,
): Promise<void> {
  const name = nodePoolName(gpuType.type);
  const state = await deps.nodePools.describe(name);
  if (!state || !(state.status === 'ACTIVE' || state.status === 'DEGRADED')) return;
  const needed = Math.min(
    nodesFor(await poolReservation(deps.table, gpuType.type), gpuType),
    gpuType.maxNodes,
  );
  if (needed >= state.scaling.maxSize) return;
  try {
    if (needed === 0) await deps.nodePools.delete(name);
    else {
      await deps.nodePools.resize(
        name,
        { minSize: 0, maxSize: needed, desiredSize: Math.min(state.scaling.desiredSize, needed) },
        `${requestToken}-${needed}`,
      );
    }
    deps.logger.info('node pool trimmed to what the service needs', { nodegroup: name, needed });
  } catch (err) {
    if (!(err instanceof NodePoolBusyError)) throw err;
  }
}

async function removePool(
  deps: ReconcileDependencies,
  name: string,
  state: NodePoolState | undefined,
): Promise<boolean> {
  if (!state) return true;
  if (state.status === 'ACTIVE' || state.status.endsWith('FAILED') || state.status === 'DEGRADED') {
    await deps.nodePools.delete(name);
  }
  return false;
}

async function sizePool(
  deps: ReconcileDependencies,
  gpuType: GpuType,
  state: NodePoolState | undefined,
  maxSize: number,
  mode: ReconcileMode,
  requestToken: string,
): Promise<boolean> {
  const name = nodePoolName(gpuType.type);
  if (!state) {
    await deps.nodePools.create(
      {
        name,
        gpuType: gpuType.type,
        instanceType: gpuType.instanceType,
        capacityType: gpuType.capacityType,
        labels: gpuType.nodeLabels,
        taints: gpuType.taints,
        scaling: { minSize: 0, maxSize, desiredSize: 0 },
      },
      requestToken,
    );
    return false;
  }
  switch (state.status) {
    case 'ACTIVE':
    case 'DEGRADED':
      if (state.scaling.maxSize === maxSize) return true;
      await deps.nodePools.resize(
        name,
        { minSize: 0, maxSize, desiredSize: Math.min(state.scaling.desiredSize, maxSize) },
        requestToken,
      );
      return false;
    case 'CREATE_FAILED':
    case 'DELETE_FAILED':
      return failedPool(deps, name, state, mode);
    default:
      return false;
  }
}

/**
 * A pool EKS could not create serves nobody. Growing fails with EKS's reason, and the broken
 * group is deleted so that a later attempt can create it afresh; shrinking has nothing to do.
 */
async function failedPool(
  deps: ReconcileDependencies,
  name: string,
  state: NodePoolState,
  mode: ReconcileMode,
): Promise<boolean> {
  if (mode === 'shrink') return true;
  deps.logger.warn('node pool failed', {
    nodegroup: name,
    status: state.status,
    issues: state.issues,
  });
  if (state.status === 'CREATE_FAILED') await deps.nodePools.delete(name);
  const issues = state.issues.length > 0 ? ` (${state.issues.join('; ')})` : '';
  throw new TaskFailedError(
    `The GPU node pool ${name} could not be created${issues}. Delete the cluster and try again ` +
      'later; if it keeps failing, contact the platform operator.',
  );
}
