import type { VirtualCluster } from '../domain/cluster';
import { DomainError } from '../domain/errors';
import { systemContext, type RequestContext } from '../domain/request-context';
import {
  exportEndpoint,
  exportHost,
  objectGone,
  specProblems,
  type ExportSpec,
  type ServiceExport,
} from '../domain/service-export';
import type { IsolationPolicy } from '../kube/cluster-manifests';
import type { TenantIds } from '../kube/labels';
import { exposureObjects, exposureRefs } from '../kube/service-export-exposure';
import { EXPORTER_API_VERSION, EXPORTER_KIND } from '../kube/service-exporter-crd';
import type { Logger } from '../logging/logger';
import type { Kube, KubeObject } from '../ports/kube';
import { getCluster } from '../store/cluster-store';
import { recordEvent } from '../store/outbox';
import {
  allExports,
  ensureSlotCounter,
  putNewExport,
  removeExport,
  saveExport,
  takeSlot,
} from '../store/service-export-store';
import type { Table } from '../store/table';
import { Transaction } from '../store/transaction';
import { resolveTarget } from './export-target';
import { auditExport as audit } from './service-export-audit';
import { exportView } from './service-export-view';

export interface ExportReconcileDependencies {
  readonly table: Table;
  readonly kube: Kube;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly isolation: Pick<IsolationPolicy, 'exportsPerCluster'>;
  readonly domain: string;
  readonly ingressClass: string;
}

/** One cluster's round, as an API change asks for it; a cluster without a namespace is skipped. */
export async function reconcileExportsOf(
  deps: ExportReconcileDependencies,
  enterpriseId: string,
  clusterId: string,
): Promise<void> {
  const cluster = await getCluster(deps.table, enterpriseId, clusterId);
  if (cluster.status === 'READY' || cluster.status === 'UPDATING') {
    await reconcileClusterExports(deps, cluster);
  }
}

type Outcome = Pick<ServiceExport, 'phase' | 'reason' | 'endpoint'>;

/**
 * Brings one virtual cluster's exposure in line with its ServiceExporter objects, which are the
 * truth whoever wrote them (the API or a tenant's kubectl): an object without a record gets one,
 * a record without an object (deleted with kubectl, or by the API) is removed with its exposure,
 * and every other one is exposed, or FAILED with the reason. The outcome goes to the record and
 * to the object's status. A conflict with a concurrent change skips that export until next time.
 */
export async function reconcileClusterExports(
  deps: ExportReconcileDependencies,
  cluster: VirtualCluster,
): Promise<void> {
  const ids: TenantIds = {
    enterpriseId: cluster.enterpriseId,
    clusterId: cluster.id,
    namespace: cluster.namespace,
  };
  const context = systemContext(`reconcile-${cluster.id}`);
  await ensureSlotCounter(deps.table, cluster.enterpriseId, cluster.id);
  // Records first: an object the API writes after this read is met as an unknown object, whose
  // record then already exists, and is left for the next round.
  const records = await allExports(deps.table, cluster.enterpriseId, cluster.id);
  const objects = await deps.kube.list(EXPORTER_API_VERSION, EXPORTER_KIND, cluster.namespace);
  const byName = new Map(objects.map((o) => [o.metadata.name, o]));

  for (const record of records) {
    const object = byName.get(record.name);
    if (record.phase !== 'DELETING' && (object || !objectGone(record, deps.now()))) continue;
    await skipConflicts(() => removeWithExposure(deps, ids, record, object, context));
  }

  let services = await deps.kube.list('v1', 'Service', cluster.namespace);
  const known = new Map(records.map((r) => [r.name, r]));
  const waiting: [ServiceExport, KubeObject][] = [];
  for (const object of objects) {
    const record = known.get(object.metadata.name);
    if (record?.phase === 'DELETING') continue;
    await skipConflicts(async () => {
      const current = record ?? (await discover(deps, ids, object, context));
      const exp = current.counted ? current : await claimSlot(deps, current);
      const outcome = await expose(deps, ids, exp, object, services);
      if (outcome) await settle(deps, exp, object, outcome, context);
      else waiting.push([exp, object]);
    });
  }

  if (waiting.length === 0) return;
  services = await deps.kube.list('v1', 'Service', cluster.namespace);
  for (const [exp, object] of waiting) {
    await skipConflicts(() =>
      settle(deps, exp, object, loadBalancerOutcome(deps, exp, services), context),
    );
  }
}

/** Records an export a tenant created with kubectl, in a slot if one is free, else FAILED. */
async function discover(
  deps: ExportReconcileDependencies,
  ids: TenantIds,
  object: KubeObject,
  context: RequestContext,
): Promise<ServiceExport> {
  const spec = specOf(object);
  const at = deps.now().toISOString();
  const base: ServiceExport = {
    ...spec,
    enterpriseId: ids.enterpriseId,
    clusterId: ids.clusterId,
    namespace: ids.namespace,
    name: object.metadata.name,
    origin: 'kubectl',
    phase: 'PENDING',
    reason: null,
    endpoint: null,
    counted: true,
    observed: true,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const record = async (exp: ServiceExport, withSlot: boolean) => {
    const tx = new Transaction(deps.table);
    if (withSlot) takeSlot(tx, exp, deps.isolation.exportsPerCluster);
    putNewExport(tx, exp);
    audit(tx, exp, context, 'service_export.discovered', deps.now());
    await tx.commit();
    return exp;
  };
  try {
    return await record(base, true);
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'limit-exceeded') throw err;
    return record({ ...base, counted: false, phase: 'FAILED', reason: err.message }, false);
  }
}

/** An export recorded over the limit tries again for a slot; it keeps FAILED without one. */
async function claimSlot(
  deps: ExportReconcileDependencies,
  exp: ServiceExport,
): Promise<ServiceExport> {
  const next = { ...exp, counted: true, version: exp.version + 1 };
  const tx = new Transaction(deps.table);
  takeSlot(tx, exp, deps.isolation.exportsPerCluster);
  saveExport(tx, exp, { ...exp, counted: true });
  try {
    await tx.commit();
    return next;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'limit-exceeded') return exp;
    throw err;
  }
}

/**
 * Applies the exposure of a valid export whose Service resolves, or removes it. Returns the
 * outcome, or undefined for a TCP export whose load balancer must be read back for its address.
 */
async function expose(
  deps: ExportReconcileDependencies,
  ids: TenantIds,
  exp: ServiceExport,
  object: KubeObject,
  services: readonly KubeObject[],
): Promise<Outcome | undefined> {
  const failed = async (reason: string): Promise<Outcome> => {
    await deps.kube.delete(exposureRefs(ids, exp.name));
    return { phase: 'FAILED', reason, endpoint: null };
  };
  if (!exp.counted) return failed(exp.reason ?? 'The cluster has no free service export slot.');
  const problems = specProblems(exp.name, (object.spec ?? {}) as Record<string, unknown>);
  if (problems.length > 0) {
    return failed(problems.map((p) => `${p.field}: ${p.message}`).join(' '));
  }
  const spec = specOf(object);
  const resolved = resolveTarget(spec, services);
  if ('reason' in resolved) return failed(resolved.reason);

  const host = exportHost(ids.clusterId, exp.name, deps.domain);
  const stale = exposureRefs(ids, exp.name).filter(
    (ref) =>
      ref.kind !== (spec.protocol === 'HTTP' ? 'Ingress' : 'Service') &&
      ref.kind !== 'NetworkPolicy',
  );
  await deps.kube.delete(stale);
  await deps.kube.apply(
    exposureObjects({
      ids,
      name: exp.name,
      spec,
      host,
      ingressClass: deps.ingressClass,
      target: resolved.target,
    }),
  );
  if (spec.protocol === 'TCP') return undefined;
  return { phase: 'READY', reason: null, endpoint: exportEndpoint('HTTP', host, spec.port) };
}

/** READY once the AWS Load Balancer Controller has given the NLB an address. */
function loadBalancerOutcome(
  deps: ExportReconcileDependencies,
  exp: ServiceExport,
  services: readonly KubeObject[],
): Outcome {
  const lb = services.find((s) => s.metadata.name === `vks-export-${exp.name}`);
  const ingress = (lb?.status as { loadBalancer?: { ingress?: unknown[] } } | undefined)
    ?.loadBalancer?.ingress;
  if (!ingress || ingress.length === 0) {
    return {
      phase: 'PENDING',
      reason: 'The network load balancer is being provisioned.',
      endpoint: null,
    };
  }
  const host = exportHost(exp.clusterId, exp.name, deps.domain);
  return { phase: 'READY', reason: null, endpoint: exportEndpoint('TCP', host, exp.port) };
}

/** Writes an outcome that changed to the record (with audit and event) and to the object. */
async function settle(
  deps: ExportReconcileDependencies,
  exp: ServiceExport,
  object: KubeObject,
  outcome: Outcome,
  context: RequestContext,
): Promise<void> {
  const spec = specProblems(exp.name, (object.spec ?? {}) as Record<string, unknown>).length
    ? {}
    : specOf(object);
  const changed =
    !exp.observed ||
    exp.phase !== outcome.phase ||
    exp.reason !== outcome.reason ||
    JSON.stringify(exp.endpoint) !== JSON.stringify(outcome.endpoint) ||
    Object.entries(spec).some(([k, v]) => exp[k as keyof ExportSpec] !== v);
  if (changed) {
    const next: ServiceExport = {
      ...exp,
      ...spec,
      ...outcome,
      observed: true,
      updatedAt: deps.now().toISOString(),
    };
    const tx = new Transaction(deps.table);
    saveExport(tx, exp, next);
    if (exp.phase !== outcome.phase) {
      audit(tx, next, context, `service_export.${outcome.phase.toLowerCase()}`, deps.now());
      if (outcome.phase === 'READY') {
        recordEvent(tx, exp.enterpriseId, 'service_export.ready', {
          serviceExport: exportView({ ...next, version: exp.version + 1 }),
        });
      }
    }
    await tx.commit();
  }
  await writeStatus(deps, object, outcome);
}

async function writeStatus(
  deps: ExportReconcileDependencies,
  object: KubeObject,
  outcome: Outcome,
): Promise<void> {
  const previous = (object.status ?? {}) as {
    phase?: string;
    reason?: string;
    conditions?: { status: string; lastTransitionTime: string }[];
  };
  const ready =
    outcome.phase === 'READY' ? 'True' : outcome.phase === 'FAILED' ? 'False' : 'Unknown';
  const before = previous.conditions?.[0];
  const status = {
    phase: outcome.phase,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    ...(outcome.endpoint ? { endpoint: outcome.endpoint } : {}),
    conditions: [
      {
        type: 'Ready',
        status: ready,
        reason: { READY: 'Exposed', FAILED: 'Refused', PENDING: 'Provisioning' }[
          outcome.phase as 'READY' | 'FAILED' | 'PENDING'
        ],
        message: outcome.reason ?? `Reachable at ${outcome.endpoint?.url ?? ''}.`,
        lastTransitionTime:
          before && before.status === ready ? before.lastTransitionTime : deps.now().toISOString(),
      },
    ],
  };
  const { conditions: _c, ...was } = previous;
  const { conditions: _n, ...now } = status;
  if (JSON.stringify(was) === JSON.stringify(now) && before?.status === ready) return;
  await deps.kube.applyStatus({
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: { name: object.metadata.name, namespace: object.metadata.namespace },
    status,
  });
}

/** Removes an export's exposure and object, then its record, with its event. */
async function removeWithExposure(
  deps: ExportReconcileDependencies,
  ids: TenantIds,
  exp: ServiceExport,
  object: KubeObject | undefined,
  context: RequestContext,
): Promise<void> {
  await deps.kube.delete(exposureRefs(ids, exp.name));
  if (object) await deps.kube.delete([object]);
  const tx = new Transaction(deps.table);
  removeExport(tx, exp);
  audit(tx, exp, context, 'service_export.deleted', deps.now());
  recordEvent(tx, exp.enterpriseId, 'service_export.deleted', { serviceExport: exportView(exp) });
  await tx.commit();
}

/**
 * Removes every export record of a cluster whose namespace is gone: deleting the namespace took
 * the ServiceExporter objects and their exposure with it.
 */
export async function forgetClusterExports(
  deps: Pick<ExportReconcileDependencies, 'table' | 'now'>,
  cluster: VirtualCluster,
): Promise<void> {
  const context = systemContext(`delete-${cluster.id}`);
  for (const exp of await allExports(deps.table, cluster.enterpriseId, cluster.id)) {
    await skipConflicts(async () => {
      const tx = new Transaction(deps.table);
      removeExport(tx, exp);
      audit(tx, exp, context, 'service_export.deleted', deps.now());
      recordEvent(tx, exp.enterpriseId, 'service_export.deleted', {
        serviceExport: exportView(exp),
      });
      await tx.commit();
    });
  }
}

function specOf(object: KubeObject): ExportSpec {
  const spec = (object.spec ?? {}) as Partial<ExportSpec>;
  return {
    service: String(spec.service ?? ''),
    port: Number(spec.port ?? 0),
    protocol: spec.protocol === 'TCP' ? 'TCP' : 'HTTP',
  };
}

async function skipConflicts(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (err instanceof DomainError && err.code === 'conflict') return;
    throw err;
  }
}
