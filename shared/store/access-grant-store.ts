import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AccessLevel } from '../domain/cluster-access';
import { DomainError } from '../domain/errors';
import { getItem, withoutKeys } from './items';
import { keys, type ItemKey } from './keys';
import type { Table } from './table';
import type { Transaction } from './transaction';

/** One member's access to one virtual cluster. */
export interface AccessGrant {
  readonly enterpriseId: string;
  readonly clusterId: string;
  readonly accountId: string;
  readonly level: AccessLevel;
  readonly grantedBy: string;
  readonly grantedAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** The most grants one cluster lists in a page, and one account reads when listing clusters. */
export const MAX_GRANTS = 100;

const GRANT_PREFIX = 'GRANT#';

/**
 * A grant lives in the enterprise partition under its cluster, so a cluster's grants are one
 * Query; GSI1 files it under the account, so the clusters one member may reach are one Query too.
 */
export const grantKeys = {
  grant: (enterpriseId: string, clusterId: string, accountId: string): ItemKey => ({
    PK: `ENT#${enterpriseId}`,
    SK: `${GRANT_PREFIX}${clusterId}#${accountId}`,
  }),
  ofCluster: (clusterId: string) => `${GRANT_PREFIX}${clusterId}#`,
  grantee: (enterpriseId: string, accountId: string) => ({
    GSI1PK: `ENT#${enterpriseId}#GRANTEE#${accountId}`,
  }),
};

export async function getGrant(
  table: Table,
  enterpriseId: string,
  clusterId: string,
  accountId: string,
): Promise<AccessGrant | undefined> {
  const item = await getItem(table, grantKeys.grant(enterpriseId, clusterId, accountId));
  return item ? withoutKeys<AccessGrant>(item) : undefined;
}

/**
 * Writes the grant: new (`expectedVersion` 0) or replacing the version read. The account must
 * exist in the same transaction, so a grant to a member removed a moment ago fails.
 */
export function putGrant(tx: Transaction, grant: AccessGrant, expectedVersion: number): void {
  tx.check(
    {
      Key: keys.account(grant.enterpriseId, grant.accountId),
      ConditionExpression: 'attribute_exists(PK)',
    },
    () => new DomainError('not-found', 'The member does not exist.'),
  );
  tx.put(
    {
      Item: {
        ...grantKeys.grant(grant.enterpriseId, grant.clusterId, grant.accountId),
        ...grantKeys.grantee(grant.enterpriseId, grant.accountId),
        GSI1SK: `${GRANT_PREFIX}${grant.clusterId}`,
        kind: 'access-grant',
        ...grant,
      },
      ...(expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : {
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
    },
    () => new DomainError('conflict', 'The grant changed at the same time; try again.'),
  );
}

export function deleteGrant(tx: Transaction, grant: AccessGrant): void {
  tx.delete(
    {
      Key: grantKeys.grant(grant.enterpriseId, grant.clusterId, grant.accountId),
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': grant.version },
    },
    () => new DomainError('conflict', 'The grant changed at the same time; try again.'),
  );
}

export async function listGrantsOfCluster(
  table: Table,
  enterpriseId: string,
  clusterId: string,
): Promise<AccessGrant[]> {
  const { Items } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: {
        ':pk': `ENT#${enterpriseId}`,
        ':prefix': grantKeys.ofCluster(clusterId),
      },
      ConsistentRead: true,
      Limit: MAX_GRANTS,
    }),
  );
  return (Items ?? []).map((item) => withoutKeys<AccessGrant>(item));
}

/** The grants of one account, by cluster id. GSI1 is eventually consistent. */
export async function grantsOfAccount(
  table: Table,
  enterpriseId: string,
  accountId: string,
): Promise<Map<string, AccessGrant>> {
  const { Items } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': grantKeys.grantee(enterpriseId, accountId).GSI1PK },
      Limit: MAX_GRANTS,
    }),
  );
  const grants = (Items ?? []).map((item) => withoutKeys<AccessGrant>(item));
  return new Map(grants.map((g) => [g.clusterId, g]));
}
