import { grantGroup, type AccessLevel } from '../domain/cluster-access';
import type { TokenService } from './tokens';

/** The longest a cluster token lives: removing a grant cannot recall a token already issued. */
export const MAX_CLUSTER_TOKEN_TTL_SECONDS = 60 * 60;
export const CLUSTER_TOKEN_TYPE = 'JWT';

/**
 * The audience of cluster tokens: the client id of the shared EKS cluster's OIDC identity
 * provider config. One shared cluster has one client id; the `groups` claim, not the audience,
 * tells virtual clusters apart.
 */
export const CLUSTER_AUDIENCE = 'vks-kubernetes';

export interface ClusterGrant {
  readonly enterpriseId: string;
  readonly accountId: string;
  readonly clusterId: string;
  readonly level: AccessLevel;
}

export interface ClusterCredential {
  readonly token: string;
  readonly expiresAt: Date;
  readonly groups: readonly string[];
}

/**
 * An OIDC ID token for the shared EKS cluster: its audience is the client id the cluster's
 * identity provider config names, its subject the account, and its `groups` the one grant the
 * caller holds on this virtual cluster, which the namespace's RoleBinding of that level binds.
 */
export async function issueClusterToken(
  tokens: TokenService,
  grant: ClusterGrant,
  options: { readonly audience: string; readonly ttlSeconds: number },
): Promise<ClusterCredential> {
  const ttlSeconds = Math.min(options.ttlSeconds, MAX_CLUSTER_TOKEN_TTL_SECONDS);
  const groups = [grantGroup(grant.clusterId, grant.level)];
  const { token, expiresAt } = await tokens.sign(
    { groups, ent: grant.enterpriseId, vc: grant.clusterId },
    {
      subject: grant.accountId,
      audience: options.audience,
      ttlSeconds,
      type: CLUSTER_TOKEN_TYPE,
      algorithm: 'RS256',
    },
  );
  return { token, expiresAt, groups };
}
