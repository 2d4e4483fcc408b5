import type { VirtualCluster } from '../domain/cluster';
import type { AccessLevel } from '../domain/cluster-access';
import { DomainError, notFound } from '../domain/errors';
import type { RequestContext } from '../domain/request-context';
import { ADMINISTRATOR } from '../domain/roles';
import {
  deleteGrant,
  getGrant,
  grantsOfAccount,
  listGrantsOfCluster,
  putGrant,
  type AccessGrant,
} from '../store/access-grant-store';
import { getAccount } from '../store/account-store';
import { recordAudit } from '../store/audit-log';
import { clusterKeys, getCluster, listClusters } from '../store/cluster-store';
import type { Page } from '../store/page';
import { Transaction } from '../store/transaction';
import type { Principal } from './access';
import type { CoreDependencies } from './dependencies';

type Caller = Pick<Principal, 'enterpriseId' | 'accountId' | 'role' | 'permissions' | 'apiKeyId'>;

/**
 * The level the caller holds on a cluster: the administrator holds `admin` on every one. An API
 * key of the administrator holds it only when it may grant access anyway (`clusters:grant`), so a
 * key scoped to, say, reading events cannot reach every cluster.
 */
export async function accessLevelOf(
  deps: Pick<CoreDependencies, 'table'>,
  caller: Caller,
  clusterId: string,
): Promise<AccessLevel | undefined> {
  const actsAsAdministrator = !caller.apiKeyId || caller.permissions.has('clusters:grant');
  if (caller.role === ADMINISTRATOR && actsAsAdministrator) return 'admin';
  const grant = await getGrant(deps.table, caller.enterpriseId, clusterId, caller.accountId);
  return grant?.level;
}

/**
 * The cluster, if the caller may see it: with `clusters:read`, or with a grant on it. A member
 * without either is told the cluster does not exist, as for another enterprise's.
 */
export async function reachCluster(
  deps: Pick<CoreDependencies, 'table'>,
  caller: Caller,
  clusterId: string,
): Promise<{ cluster: VirtualCluster; level: AccessLevel | undefined }> {
  const [cluster, level] = await Promise.all([
    getCluster(deps.table, caller.enterpriseId, clusterId),
    accessLevelOf(deps, caller, clusterId),
  ]);
  if (!level && !caller.permissions.has('clusters:read')) throw notFound('The virtual cluster');
  return { cluster, level };
}

/**
 * The clusters the caller may see: every one with `clusters:read`, else those granted to it (at
 * most `MAX_GRANTS`, one page, in id order).
 */
export async function listVisibleClusters(
  deps: Pick<CoreDependencies, 'table'>,
  caller: Caller,
  limit: number,
  cursor: string | undefined,
): Promise<Page<VirtualCluster>> {
  if (caller.permissions.has('clusters:read')) {
    return listClusters(deps.table, caller.enterpriseId, limit, cursor);
  }
  const grants = await grantsOfAccount(deps.table, caller.enterpriseId, caller.accountId);
  const clusters = await Promise.all(
    [...grants.keys()].sort().map((id) =>
      getCluster(deps.table, caller.enterpriseId, id).catch((err: unknown) => {
        // A deleted cluster's record expires a week after deletion; its grants outlive it.
        if (err instanceof DomainError && err.code === 'not-found') return undefined;
        throw err;
      }),
    ),
  );
  return { items: clusters.filter((c) => c !== undefined), nextCursor: undefined };
}

export async function listAccess(
  deps: Pick<CoreDependencies, 'table'>,
  caller: Caller,
  clusterId: string,
): Promise<AccessGrant[]> {
  const { cluster } = await reachCluster(deps, caller, clusterId);
  return listGrantsOfCluster(deps.table, caller.enterpriseId, cluster.id);
}

/**
 * Grants `level` on a cluster to a member, or changes the level it holds. The cluster must still
 * be there when the grant is written, checked in the same transaction as the write.
 */
export async function grantAccess(
  deps: CoreDependencies,
  caller: Caller,
  input: { readonly clusterId: string; readonly accountId: string; readonly level: AccessLevel },
  context: RequestContext,
): Promise<{ grant: AccessGrant; created: boolean }> {
  const { enterpriseId } = caller;
  const cluster = await getCluster(deps.table, enterpriseId, input.clusterId);
  assertGrantable(cluster);
  const member = await getAccount(deps.table, enterpriseId, input.accountId);
  if (member.role === ADMINISTRATOR) {
    throw new DomainError('conflict', 'The administrator holds admin on every cluster already.');
  }
  const existing = await getGrant(deps.table, enterpriseId, cluster.id, member.id);
  if (existing?.level === input.level) return { grant: existing, created: false };

  const now = deps.now().toISOString();
  const grant: AccessGrant = {
    enterpriseId,
    clusterId: cluster.id,
    accountId: member.id,
    level: input.level,
    grantedBy: caller.accountId,
    grantedAt: existing?.grantedAt ?? now,
    updatedAt: now,
    version: (existing?.version ?? 0) + 1,
  };
  const tx = new Transaction(deps.table);
  tx.check(
    {
      Key: clusterKeys.cluster(enterpriseId, cluster.id),
      ConditionExpression: 'attribute_exists(PK) AND NOT #status IN (:deleting, :deleted)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':deleting': 'DELETING', ':deleted': 'DELETED' },
    },
    () => new DomainError('conflict', 'The cluster is being deleted; access cannot change.'),
  );
  putGrant(tx, grant, existing?.version ?? 0);
  recordAudit(
    tx,
    enterpriseId,
    context,
    {
      action: existing ? 'cluster.access_changed' : 'cluster.access_granted',
      target: { type: 'cluster', id: cluster.id },
      details: { accountId: member.id, level: input.level, previousLevel: existing?.level ?? null },
    },
    deps.now(),
  );
  await tx.commit();
  return { grant, created: !existing };
}

/** Takes a member's grant away; its next request for a cluster token is refused. */
export async function revokeAccess(
  deps: CoreDependencies,
  caller: Caller,
  input: { readonly clusterId: string; readonly accountId: string },
  context: RequestContext,
): Promise<void> {
  const { enterpriseId } = caller;
  const cluster = await getCluster(deps.table, enterpriseId, input.clusterId);
  const grant = await getGrant(deps.table, enterpriseId, cluster.id, input.accountId);
  if (!grant) throw notFound('The grant');

  const tx = new Transaction(deps.table);
  deleteGrant(tx, grant);
  recordAudit(
    tx,
    enterpriseId,
    context,
    {
      action: 'cluster.access_revoked',
      target: { type: 'cluster', id: cluster.id },
      details: { accountId: grant.accountId, level: grant.level },
    },
    deps.now(),
  );
  await tx.commit();
}

function assertGrantable(cluster: VirtualCluster): void {
  if (cluster.status === 'DELETING' || cluster.status === 'DELETED') {
    throw new DomainError('conflict', 'The cluster is being deleted; access cannot change.', {
      details: { status: cluster.status },
    });
  }
}
