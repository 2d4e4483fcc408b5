import {
  assertCanStart,
  executionName,
  namespaceFor,
  type VirtualCluster,
} from '../domain/cluster';
import { DomainError } from '../domain/errors';
import { excess, totalOf, union, withoutZeros, type GpuCounts } from '../domain/gpu-limits';
import { newId } from '../domain/ids';
import type { RequestContext } from '../domain/request-context';
import { recordAudit } from '../store/audit-log';
import { getCluster, putNewCluster, saveCluster } from '../store/cluster-store';
import { listGpuTypes } from '../store/gpu-catalogue-store';
import { reserveGpus } from '../store/gpu-reservation-store';
import { recordEvent } from '../store/outbox';
import { Transaction } from '../store/transaction';
import { clusterView } from './cluster-view';
import type { CoreDependencies } from './dependencies';
import { withReservation } from './gpu-reservations';

export interface CreateClusterInput {
  readonly name: string;
  readonly gpuLimits: GpuCounts;
}

/**
 * Requests a virtual cluster: the record, the name and namespace claims and the GPU reservation
 * are one transaction, so a cluster exists exactly when its GPUs are reserved. The provision
 * workflow starts once that has committed.
 */
export async function createCluster(
  deps: CoreDependencies,
  enterpriseId: string,
  input: CreateClusterInput,
  context: RequestContext,
): Promise<VirtualCluster> {
  const gpuLimits = await checkGpuLimits(deps, input.gpuLimits);
  const now = deps.now().toISOString();
  const id = newId('vc');
  const cluster: VirtualCluster = {
    id,
    enterpriseId,
    name: input.name,
    namespace: namespaceFor(input.name, id),
    gpuLimits,
    status: 'PROVISIONING',
    statusReason: null,
    generation: 1,
    operation: 'provision',
    reservedGpus: gpuLimits,
    poolGpus: {},
    previousGpuLimits: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };

  await withReservation(deps.table, enterpriseId, gpuLimits, (reservation) => {
    const tx = new Transaction(deps.table);
    putNewCluster(tx, cluster);
    reserveGpus(tx, reservation, gpuLimits);
    recordChange(tx, cluster, context, 'cluster.created', { gpuLimits });
    recordEvent(tx, enterpriseId, 'cluster.provisioning', eventData(cluster));
    recordEvent(tx, enterpriseId, 'quota.changed', { reason: 'cluster.created', clusterId: id });
    return { tx, result: undefined };
  });

  await startWorkflow(deps, cluster);
  return cluster;
}

/**
 * Changes a cluster's GPU limits. What grows is reserved now, in the transaction that marks the
 * cluster UPDATING; what shrinks stays reserved until the workflow has applied the smaller limits,
 * so at no moment can the tenant use more than the enterprise holds.
 */
export async function updateClusterLimits(
  deps: CoreDependencies,
  enterpriseId: string,
  clusterId: string,
  requested: GpuCounts,
  context: RequestContext,
): Promise<VirtualCluster> {
  const gpuLimits = await checkGpuLimits(deps, requested);

  const next = await withReservationForCluster(
    deps,
    enterpriseId,
    clusterId,
    (current) => {
      assertCanStart(current, 'update');
      return {
        grows: excess(gpuLimits, current.gpuLimits),
        next: {
          ...current,
          gpuLimits,
          previousGpuLimits: current.gpuLimits,
          reservedGpus: union(current.reservedGpus, gpuLimits),
          status: 'UPDATING',
          statusReason: null,
          operation: 'update',
          generation: current.generation + 1,
          updatedAt: deps.now().toISOString(),
          version: current.version + 1,
        },
        action: 'cluster.update-requested',
        event: 'cluster.updated',
      };
    },
    context,
  );

  await startWorkflow(deps, next);
  return next;
}

export async function deleteCluster(
  deps: CoreDependencies,
  enterpriseId: string,
  clusterId: string,
  context: RequestContext,
): Promise<VirtualCluster> {
  const next = await withReservationForCluster(
    deps,
    enterpriseId,
    clusterId,
    (current) => {
      assertCanStart(current, 'delete');
      return {
        grows: {},
        next: {
          ...current,
          status: 'DELETING',
          statusReason: null,
          operation: 'delete',
          generation: current.generation + 1,
          updatedAt: deps.now().toISOString(),
          version: current.version + 1,
        },
        action: 'cluster.delete-requested',
        event: undefined,
      };
    },
    context,
  );

  await startWorkflow(deps, next);
  return next;
}

interface ClusterChange {
  readonly grows: GpuCounts;
  readonly next: VirtualCluster;
  readonly action: string;
  readonly event: 'cluster.updated' | undefined;
}

async function withReservationForCluster(
  deps: CoreDependencies,
  enterpriseId: string,
  clusterId: string,
  change: (current: VirtualCluster) => ClusterChange,
  context: RequestContext,
): Promise<VirtualCluster> {
  const current = await getCluster(deps.table, enterpriseId, clusterId);
  const planned = change(current);
  await withReservation(deps.table, enterpriseId, planned.grows, (reservation) => {
    const tx = new Transaction(deps.table);
    saveCluster(tx, current, planned.next);
    if (totalOf(planned.grows) > 0) reserveGpus(tx, reservation, planned.grows);
    recordChange(tx, planned.next, context, planned.action, {
      gpuLimits: planned.next.gpuLimits,
      previousGpuLimits: current.gpuLimits,
    });
    if (planned.event) recordEvent(tx, enterpriseId, planned.event, eventData(planned.next));
    if (totalOf(planned.grows) > 0) {
      recordEvent(tx, enterpriseId, 'quota.changed', { reason: planned.action, clusterId });
    }
    return { tx, result: undefined };
  });
  return planned.next;
}

async function startWorkflow(deps: CoreDependencies, cluster: VirtualCluster): Promise<void> {
  // Known limitation: the workflow starts after the transaction commits. If the process dies in
  // between, the cluster stays in its busy state with nothing running; starting from the outbox
  // event instead would close that gap and belongs with the event dispatcher.
  await deps.workflows.start(cluster.operation, executionName(cluster), {
    enterpriseId: cluster.enterpriseId,
    clusterId: cluster.id,
    generation: cluster.generation,
  });
}

/** GPU types must be in the catalogue; zero counts are dropped; at least one GPU is asked for. */
async function checkGpuLimits(deps: CoreDependencies, gpuLimits: GpuCounts): Promise<GpuCounts> {
  const known = new Set((await listGpuTypes(deps.table)).map((t) => t.type));
  const fields = Object.keys(gpuLimits)
    .filter((type) => !known.has(type))
    .map((type) => ({
      field: `gpuLimits.${type}`,
      message: `No GPU type ${type} in the catalogue (GET /v1/gpu-types).`,
    }));
  if (fields.length > 0) {
    throw new DomainError('validation-failed', 'The request names unknown GPU types.', { fields });
  }
  const limits = withoutZeros(gpuLimits);
  if (totalOf(limits) === 0) {
    throw new DomainError('validation-failed', 'A virtual cluster needs at least one GPU.', {
      fields: [{ field: 'gpuLimits', message: 'Ask for at least one GPU of one type.' }],
    });
  }
  return limits;
}

function recordChange(
  tx: Transaction,
  cluster: VirtualCluster,
  context: RequestContext,
  action: string,
  details: Record<string, unknown>,
): void {
  recordAudit(tx, cluster.enterpriseId, context, {
    action,
    target: { type: 'cluster', id: cluster.id },
    details: { name: cluster.name, ...details },
  });
}

export function eventData(cluster: VirtualCluster): Record<string, unknown> {
  return { cluster: clusterView(cluster) };
}
