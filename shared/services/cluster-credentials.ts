import { DomainError } from '../domain/errors';
import type { RequestContext } from '../domain/request-context';
import {
  CLUSTER_AUDIENCE,
  issueClusterToken,
  type ClusterCredential,
} from '../identity/cluster-credentials';
import { renderKubeconfig } from '../kube/kubeconfig';
import { recordAudit } from '../store/audit-log';
import { Transaction } from '../store/transaction';
import type { Principal } from './access';
import { reachCluster } from './cluster-access';
import type { CoreDependencies } from './dependencies';

type Caller = Pick<Principal, 'enterpriseId' | 'accountId' | 'role' | 'permissions' | 'apiKeyId'>;

/** The caller's grant on a cluster that has an API to reach; refused without one. */
async function grantedCluster(deps: CoreDependencies, caller: Caller, clusterId: string) {
  const { cluster, level } = await reachCluster(deps, caller, clusterId);
  if (!level) {
    throw new DomainError('forbidden', 'You hold no grant on this virtual cluster.', {
      details: { clusterId: cluster.id },
    });
  }
  if (cluster.status !== 'READY' && cluster.status !== 'UPDATING') {
    throw new DomainError('conflict', `The cluster is ${cluster.status}; it has no API yet.`, {
      details: { status: cluster.status },
    });
  }
  return { cluster, level };
}

/**
 * A cluster token for the caller's grant, read afresh: a grant removed a moment ago, or a member
 * removed (whose requests no longer authenticate), gets no new token. Every issue is audited.
 */
export async function issueCredentials(
  deps: CoreDependencies,
  caller: Caller,
  clusterId: string,
  context: RequestContext,
): Promise<ClusterCredential & { namespace: string }> {
  const { cluster, level } = await grantedCluster(deps, caller, clusterId);
  const credential = await issueClusterToken(
    deps.tokens,
    { enterpriseId: caller.enterpriseId, accountId: caller.accountId, clusterId, level },
    { audience: CLUSTER_AUDIENCE, ttlSeconds: deps.clusterTokenTtlSeconds },
  );

  const tx = new Transaction(deps.table);
  recordAudit(
    tx,
    caller.enterpriseId,
    context,
    {
      action: 'cluster.credentials_issued',
      target: { type: 'cluster', id: cluster.id },
      details: { level, expiresAt: credential.expiresAt.toISOString() },
    },
    deps.now(),
  );
  await tx.commit();
  return { ...credential, namespace: cluster.namespace };
}

/**
 * A kubeconfig for the caller's grant: a fresh embedded token, or the CLI as an exec plugin that
 * fetches one at each use (`vks token --cluster ID`).
 */
export async function kubeconfigFor(
  deps: CoreDependencies,
  caller: Caller,
  clusterId: string,
  form: 'token' | 'exec',
  context: RequestContext,
): Promise<string> {
  const endpoint = await deps.clusterEndpoint.describe();
  const { cluster } = await grantedCluster(deps, caller, clusterId);
  const credential =
    form === 'token'
      ? {
          kind: 'token' as const,
          token: (await issueCredentials(deps, caller, clusterId, context)).token,
        }
      : { kind: 'exec' as const, command: 'vks' };
  return renderKubeconfig({
    clusterId: cluster.id,
    server: endpoint.server,
    certificateAuthorityData: endpoint.certificateAuthorityData,
    namespace: cluster.namespace,
    credential,
  });
}
