import type { ClusterStatus, VirtualCluster } from '../domain/cluster';
import { DomainError } from '../domain/errors';
import { excess, totalOf, union, type GpuCounts } from '../domain/gpu-limits';
import { systemContext } from '../domain/request-context';
import { clusterManifests, leftoversOf, type IsolationPolicy } from '../kube/cluster-manifests';
import type { Kube } from '../ports/kube';
import type { ClusterWorkflowInput } from '../ports/workflow-starter';
import { recordAudit } from '../store/audit-log';
import { getCluster, releaseClusterClaims, saveCluster } from '../store/cluster-store';
import { listGpuTypes } from '../store/gpu-catalogue-store';
import { releaseGpus } from '../store/gpu-reservation-store';
import { adjustPoolReservations } from '../store/node-pool-store';
import { recordEvent } from '../store/outbox';
import { Transaction } from '../store/transaction';
import { clusterView } from '../services/cluster-view';
import { forgetClusterExports } from '../services/service-export-reconcile';
import {
  reconcileNodePool,
  trimNodePool,
  type ReconcileDependencies,
  type ReconcileMode,
} from './node-pool-reconciler';
import { isContention } from '../services/gpu-reservations';
import {
  reasonFrom,
  StaleExecutionError,
  TaskFailedError,
  TransientTaskError,
} from './task-errors';

export interface TaskDependencies extends ReconcileDependencies {
  readonly kube: Kube;
  /** The platform's Pod Security level and private ranges, the same for every cluster. */
  readonly isolation: IsolationPolicy;
  readonly now: () => Date;
  /** Polls of the node pools before a workflow gives up waiting. */
  readonly maxPolls: number;
}

export interface TaskInput extends ClusterWorkflowInput {
  readonly action: TaskAction;
  readonly mode?: ReconcileMode;
  readonly attempt?: number;
  /** The error a Catch recorded, for the step that reports the failure. */
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

type Task = (deps: TaskDependencies, input: TaskInput) => Promise<Record<string, unknown>>;

/** The states each operation's cluster is in while its workflow runs. */
const runningStatus: Record<VirtualCluster['operation'], ClusterStatus> = {
  provision: 'PROVISIONING',
  update: 'UPDATING',
  delete: 'DELETING',
};

/**
 * Every step of the three cluster workflows. Each reads the cluster afresh, checks that the
 * execution is still the cluster's current operation, and writes with the cluster's version as the
 * guard, so a step that runs twice (a retry, a repeated start) changes nothing the second time.
 */
export const clusterTasks = {
  /** The cluster's share of the node pools becomes what it has reserved. */
  claimNodePools: (deps, input) => setPoolShare(deps, input, (c) => c.reservedGpus),
  /** The cluster no longer counts towards the node pool sizes. */
  releaseNodePools: (deps, input) => setPoolShare(deps, input, () => ({})),

  reconcileNodePools: async (deps, input) => {
    const cluster = await current(deps, input);
    const mode = input.mode ?? 'grow';
    const attempt = (input.attempt ?? 0) + 1;
    const types = Object.keys(
      union(union(cluster.gpuLimits, cluster.previousGpuLimits ?? {}), cluster.reservedGpus),
    );
    const token = `${cluster.id}-${cluster.generation}`;
    const results = [];
    for (const type of types) {
      results.push(await reconcileNodePool(deps, type, mode, `${token}-${type}`));
    }
    if (mode === 'shrink') {
      for (const other of await listGpuTypes(deps.table)) {
        if (!types.includes(other.type)) await trimNodePool(deps, other, `${token}-${other.type}`);
      }
    }
    const settled = results.every(Boolean);
    if (!settled && attempt >= deps.maxPolls) {
      throw new TaskFailedError(
        `The GPU node pools did not become ready in time (${attempt} checks). Delete the ` +
          'cluster and try again; if it keeps happening, contact the platform operator.',
      );
    }
    return { settled, attempt };
  },

  applyNamespace: async (deps, input) => {
    const cluster = await current(deps, input);
    const catalogue = await listGpuTypes(deps.table);
    await deps.kube.apply(clusterManifests(cluster, catalogue, deps.isolation));
    return { namespace: cluster.namespace };
  },

  deleteNamespace: async (deps, input) => {
    const cluster = await current(deps, input);
    await deps.kube.deleteNamespace(cluster.namespace);
    await deps.kube.delete(leftoversOf(cluster));
    await forgetClusterExports(deps, cluster);
    return { namespace: cluster.namespace };
  },

  markReady: async (deps, input) => {
    const cluster = await current(deps, input);
    const next = advance(deps, cluster, { status: 'READY', previousGpuLimits: null });
    const tx = new Transaction(deps.table);
    saveCluster(tx, cluster, next, staleWrite);
    audit(tx, input, next, 'cluster.ready');
    recordEvent(tx, next.enterpriseId, 'cluster.ready', { cluster: clusterView(next) });
    await tx.commit();
    return { status: next.status };
  },

  /** The smaller limits of an update are in force: what they no longer need is given back. */
  commitUpdate: async (deps, input) => {
    const cluster = await current(deps, input);
    const freed = excess(cluster.reservedGpus, cluster.gpuLimits);
    const next = advance(deps, cluster, {
      reservedGpus: cluster.gpuLimits,
      poolGpus: cluster.gpuLimits,
    });
    const tx = new Transaction(deps.table);
    saveCluster(tx, cluster, next, staleWrite);
    moveShare(tx, cluster.poolGpus, next.poolGpus);
    release(tx, input, next, freed, 'cluster.updated');
    await tx.commit();
    return { released: freed };
  },

  /** An update failed: the previous limits come back, and what the update took is released. */
  revertUpdate: async (deps, input) => {
    const cluster = await current(deps, input);
    const previous = cluster.previousGpuLimits ?? cluster.gpuLimits;
    const freed = excess(cluster.reservedGpus, previous);
    const next = advance(deps, cluster, {
      gpuLimits: previous,
      reservedGpus: previous,
      poolGpus: previous,
    });
    const tx = new Transaction(deps.table);
    saveCluster(tx, cluster, next, staleWrite);
    moveShare(tx, cluster.poolGpus, next.poolGpus);
    release(tx, input, next, freed, 'cluster.update-reverted');
    await tx.commit();
    return { released: freed };
  },

  /**
   * Ends an operation FAILED with the reason a person reads. When the compensation before it ran
   * to the end, nothing of a failed provisioning remains, and its GPUs are released.
   */
  markFailed: async (deps, input) => {
    const cluster = await current(deps, input);
    const cleanedUp = cluster.operation === 'provision' && totalOf(cluster.poolGpus) === 0;
    const reason = failureReason(cluster, input.error, cleanedUp);
    const freed = cleanedUp ? cluster.reservedGpus : {};
    const next = advance(deps, cluster, {
      status: 'FAILED',
      statusReason: reason,
      reservedGpus: excess(cluster.reservedGpus, freed),
      previousGpuLimits: null,
    });
    const tx = new Transaction(deps.table);
    saveCluster(tx, cluster, next, staleWrite);
    recordEvent(tx, next.enterpriseId, 'cluster.failed', { cluster: clusterView(next) });
    release(tx, input, next, freed, 'cluster.failed', { reason });
    await tx.commit();
    return { status: next.status, reason };
  },

  /** The namespace and the pool share are gone: the GPUs, the name and the namespace go back. */
  finishDelete: async (deps, input) => {
    const cluster = await current(deps, input);
    const next = advance(deps, cluster, { status: 'DELETED', reservedGpus: {} });
    const tx = new Transaction(deps.table);
    saveCluster(tx, cluster, next, staleWrite);
    releaseClusterClaims(tx, cluster);
    recordEvent(tx, next.enterpriseId, 'cluster.deleted', { cluster: clusterView(next) });
    release(tx, input, next, cluster.reservedGpus, 'cluster.deleted');
    await tx.commit();
    return { status: next.status };
  },
} satisfies Record<string, Task>;

export type TaskAction = keyof typeof clusterTasks;

export function isTaskAction(action: unknown): action is TaskAction {
  return typeof action === 'string' && Object.hasOwn(clusterTasks, action);
}

/** Runs one step; what Lambda and the local runner both call. */
export async function runClusterTask(
  deps: TaskDependencies,
  input: TaskInput,
): Promise<Record<string, unknown>> {
  if (!isTaskAction(input.action))
    throw new TaskFailedError(`Unknown task ${String(input.action)}.`);
  try {
    return await clusterTasks[input.action](deps, input);
  } catch (err) {
    throw asTaskError(err);
  }
}

async function current(deps: TaskDependencies, input: TaskInput): Promise<VirtualCluster> {
  const cluster = await getCluster(deps.table, input.enterpriseId, input.clusterId);
  if (
    cluster.generation !== input.generation ||
    cluster.status !== runningStatus[cluster.operation]
  ) {
    throw new StaleExecutionError(
      `The cluster is at generation ${cluster.generation} (${cluster.status}); ` +
        `this execution is for generation ${input.generation}.`,
    );
  }
  return cluster;
}

async function setPoolShare(
  deps: TaskDependencies,
  input: TaskInput,
  share: (cluster: VirtualCluster) => GpuCounts,
): Promise<Record<string, unknown>> {
  const cluster = await current(deps, input);
  const target = share(cluster);
  const tx = new Transaction(deps.table);
  saveCluster(tx, cluster, advance(deps, cluster, { poolGpus: target }), staleWrite);
  moveShare(tx, cluster.poolGpus, target);
  await tx.commit();
  return { poolGpus: target };
}

function moveShare(tx: Transaction, from: GpuCounts, to: GpuCounts): void {
  const types = new Set([...Object.keys(from), ...Object.keys(to)]);
  adjustPoolReservations(
    tx,
    Object.fromEntries([...types].map((t) => [t, (to[t] ?? 0) - (from[t] ?? 0)])),
  );
}

function release(
  tx: Transaction,
  input: TaskInput,
  cluster: VirtualCluster,
  freed: GpuCounts,
  action: string,
  details: Record<string, unknown> = {},
): void {
  if (totalOf(freed) > 0) {
    releaseGpus(tx, cluster.enterpriseId, freed);
    recordEvent(tx, cluster.enterpriseId, 'quota.changed', {
      reason: action,
      clusterId: cluster.id,
    });
  }
  audit(tx, input, cluster, action, { released: freed, ...details });
}

function audit(
  tx: Transaction,
  input: TaskInput,
  cluster: VirtualCluster,
  action: string,
  details: Record<string, unknown> = {},
): void {
  recordAudit(tx, cluster.enterpriseId, systemContext(`${cluster.id}-${input.generation}`), {
    action,
    target: { type: 'cluster', id: cluster.id },
    details: { status: cluster.status, gpuLimits: cluster.gpuLimits, ...details },
  });
}

function advance(
  deps: TaskDependencies,
  cluster: VirtualCluster,
  changes: Partial<VirtualCluster>,
): VirtualCluster {
  return {
    ...cluster,
    ...changes,
    updatedAt: deps.now().toISOString(),
    version: cluster.version + 1,
  };
}

function failureReason(
  cluster: VirtualCluster,
  error: TaskInput['error'],
  cleanedUp: boolean,
): string {
  const what = { provision: 'Provisioning', update: 'Changing the GPU limits', delete: 'Deleting' };
  const reason = reasonFrom(error?.Cause);
  const next =
    cluster.operation === 'provision'
      ? cleanedUp
        ? 'Nothing is reserved for it; delete it and create it again.'
        : 'Cleaning up failed too, so its GPUs are still reserved; delete it to release them.'
      : cluster.operation === 'update'
        ? reverted(cluster)
          ? 'The previous GPU limits are in force; try the change again.'
          : 'Reverting failed too, so the new limits may be in force and the GPUs of both are ' +
            'still reserved; change the limits again or delete the cluster.'
        : 'Its GPUs are still reserved; delete it again.';
  return `${what[cluster.operation]} failed: ${reason} ${next}`;
}

/** `revertUpdate` has put the previous limits back, or there was nothing to revert. */
function reverted(cluster: VirtualCluster): boolean {
  const previous = cluster.previousGpuLimits;
  if (!previous) return true;
  const types = Object.keys(union(previous, cluster.gpuLimits));
  return types.every((t) => (previous[t] ?? 0) === (cluster.gpuLimits[t] ?? 0));
}

const STALE_WRITE = 'The cluster changed while this step ran; the step was not applied.';
const staleWrite = () => new DomainError('conflict', STALE_WRITE);

/** SDK errors that say "not now" rather than "no". */
const throttling = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
]);

/** Errors the workflows must tell apart get their ASL names; the rest fail the step as they are. */
function asTaskError(err: unknown): unknown {
  if (isContention(err) || (err instanceof Error && throttling.has(err.name))) {
    return new TransientTaskError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  if (err instanceof DomainError && (err.code === 'not-found' || err.message === STALE_WRITE)) {
    return new StaleExecutionError(err.message, { cause: err });
  }
  return err;
}
