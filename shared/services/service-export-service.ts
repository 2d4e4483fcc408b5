import type { VirtualCluster } from '../domain/cluster';
import { DomainError, notFound } from '../domain/errors';
import type { RequestContext } from '../domain/request-context';
import type { ExportSpec, ServiceExport } from '../domain/service-export';
import { serviceExporterObject } from '../kube/service-export-exposure';
import type { TenantIds } from '../kube/labels';
import { KubeError } from '../ports/kube';
import { clusterKeys } from '../store/cluster-store';
import type { Page } from '../store/page';
import {
  ensureSlotCounter,
  getExport,
  listExports,
  putNewExport,
  removeExport,
  saveExport,
  takeSlot,
} from '../store/service-export-store';
import { Transaction } from '../store/transaction';
import type { Principal } from './access';
import { reachCluster } from './cluster-access';
import type { CoreDependencies } from './dependencies';
import { auditExport as audit } from './service-export-audit';

type Caller = Pick<Principal, 'enterpriseId' | 'accountId' | 'role' | 'permissions' | 'apiKeyId'>;

export interface NewExport extends ExportSpec {
  readonly name: string;
}

/**
 * Records a service export in one of the cluster's slots, then writes its ServiceExporter object
 * as kubectl would; the reconcile exposes it. If the object cannot be written the record is taken
 * back, so the API never shows an export that Kubernetes does not hold.
 */
export async function createExport(
  deps: CoreDependencies,
  caller: Caller,
  clusterId: string,
  input: NewExport,
  context: RequestContext,
): Promise<ServiceExport> {
  const { cluster } = await reachCluster(deps, caller, clusterId);
  assertExposable(cluster);
  const at = deps.now().toISOString();
  const exp: ServiceExport = {
    name: input.name,
    service: input.service,
    port: input.port,
    protocol: input.protocol,
    enterpriseId: cluster.enterpriseId,
    clusterId: cluster.id,
    namespace: cluster.namespace,
    origin: 'api',
    phase: 'PENDING',
    reason: null,
    endpoint: null,
    counted: true,
    observed: false,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };

  await ensureSlotCounter(deps.table, cluster.enterpriseId, cluster.id);
  const tx = new Transaction(deps.table);
  checkExposable(tx, cluster);
  takeSlot(tx, exp, deps.isolation.exportsPerCluster);
  putNewExport(tx, exp);
  audit(tx, exp, context, 'service_export.created', deps.now());
  await tx.commit();

  try {
    await deps.kube.apply([serviceExporterObject(idsOf(cluster), exp.name, input)]);
  } catch (err) {
    const undo = new Transaction(deps.table);
    removeExport(undo, exp);
    audit(undo, exp, context, 'service_export.deleted', deps.now());
    await undo.commit();
    throw unavailable(err);
  }
  await deps.serviceExports.trigger.request(cluster.enterpriseId, cluster.id);
  return exp;
}

export async function listClusterExports(
  deps: CoreDependencies,
  caller: Caller,
  clusterId: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<ServiceExport>> {
  const { cluster } = await reachCluster(deps, caller, clusterId);
  return listExports(deps.table, caller.enterpriseId, cluster.id, limit, cursor);
}

export async function getClusterExport(
  deps: CoreDependencies,
  caller: Caller,
  clusterId: string,
  name: string,
): Promise<ServiceExport> {
  const { cluster } = await reachCluster(deps, caller, clusterId);
  const exp = await getExport(deps.table, caller.enterpriseId, cluster.id, name);
  if (!exp) throw notFound('The service export');
  return exp;
}

/**
 * Marks an export DELETING and deletes its ServiceExporter object; the reconcile removes the
 * exposure and then the record. Deleting an export already DELETING answers the same again.
 */
export async function deleteExport(
  deps: CoreDependencies,
  caller: Caller,
  clusterId: string,
  name: string,
  context: RequestContext,
): Promise<ServiceExport> {
  const exp = await getClusterExport(deps, caller, clusterId, name);
  if (exp.phase === 'DELETING') return exp;

  const next: ServiceExport = { ...exp, phase: 'DELETING', updatedAt: deps.now().toISOString() };
  const tx = new Transaction(deps.table);
  saveExport(tx, exp, next);
  audit(tx, next, context, 'service_export.deletion_requested', deps.now());
  await tx.commit();

  const ids = {
    enterpriseId: exp.enterpriseId,
    clusterId: exp.clusterId,
    namespace: exp.namespace,
  };
  try {
    await deps.kube.delete([serviceExporterObject(ids, exp.name, exp)]);
  } catch (err) {
    // The record says DELETING, so the reconcile deletes the object on its next round anyway.
    if (!(err instanceof KubeError)) throw err;
  }
  await deps.serviceExports.trigger.request(exp.enterpriseId, exp.clusterId);
  return { ...next, version: exp.version + 1 };
}

function assertExposable(cluster: VirtualCluster): void {
  if (cluster.status !== 'READY' && cluster.status !== 'UPDATING') {
    throw new DomainError(
      'conflict',
      `The cluster is ${cluster.status}; services can be exported from a READY cluster.`,
      { details: { status: cluster.status } },
    );
  }
}

/** The cluster is still there and not being deleted when the export is written. */
function checkExposable(tx: Transaction, cluster: VirtualCluster): void {
  tx.check(
    {
      Key: clusterKeys.cluster(cluster.enterpriseId, cluster.id),
      ConditionExpression: '#status IN (:ready, :updating)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':ready': 'READY', ':updating': 'UPDATING' },
    },
    () => new DomainError('conflict', 'The cluster changed at the same time; retry.'),
  );
}

const idsOf = (cluster: VirtualCluster): TenantIds => ({
  enterpriseId: cluster.enterpriseId,
  clusterId: cluster.id,
  namespace: cluster.namespace,
});

const unavailable = (cause: unknown) =>
  new DomainError('unavailable', 'The Kubernetes API could not be reached; nothing was created.', {
    cause,
  });
