import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { VirtualCluster } from '../domain/cluster';
import { DomainError, notFound } from '../domain/errors';
import { getItem, withoutKeys } from './items';
import { TTL_ATTRIBUTE } from './keys';
import { decodeCursor, encodeCursor, type Page } from './page';
import type { Table } from './table';
import type { Transaction } from './transaction';

export const clusterKeys = {
  cluster: (enterpriseId: string, clusterId: string) => ({
    PK: `ENT#${enterpriseId}`,
    SK: `CLUSTER#${clusterId}`,
  }),
  clusterPrefix: 'CLUSTER#',
  /** Claims a name inside the enterprise: the uniqueness guard for cluster names. */
  name: (enterpriseId: string, name: string) => ({
    PK: `ENT#${enterpriseId}`,
    SK: `CLUSTERNAME#${name}`,
  }),
  /** Claims a namespace in the shared EKS cluster, service-wide. */
  namespace: (namespace: string) => ({ PK: `NAMESPACE#${namespace}`, SK: 'NAMESPACE' }),
};

/**
 * A cluster whose operation is under way is also in this sparse GSI1 partition, sorted by its
 * last change, so that the re-drive finds operations that may have lost their workflow with a
 * Query. The entry is written and removed with the status, in the same item write.
 */
const BUSY_CLUSTERS = 'CLUSTERS#busy';
const busyStatuses: readonly VirtualCluster['status'][] = ['PROVISIONING', 'UPDATING', 'DELETING'];

function busyIndexEntry(cluster: VirtualCluster): Record<string, string> {
  if (!busyStatuses.includes(cluster.status)) return {};
  return {
    GSI1PK: BUSY_CLUSTERS,
    GSI1SK: `${cluster.updatedAt}#${cluster.enterpriseId}#${cluster.id}`,
  };
}

/**
 * One page of the clusters in PROVISIONING, UPDATING or DELETING whose last change is older than
 * `before`, oldest first. The whole service's busy clusters are few: those with an operation
 * running now.
 */
export async function listBusyClusters(
  table: Table,
  before: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<VirtualCluster>> {
  const { Items = [], LastEvaluatedKey } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :busy AND GSI1SK < :before',
      ExpressionAttributeValues: { ':busy': BUSY_CLUSTERS, ':before': before },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, BUSY_CLUSTERS, '', 'GSI1PK'),
    }),
  );
  return { items: Items.map(toCluster), nextCursor: encodeCursor(LastEvaluatedKey) };
}

/** A deleted cluster stays readable for a week, then DynamoDB's TTL removes it. */
const DELETED_RETENTION_SECONDS = 7 * 24 * 3600;

export async function getCluster(
  table: Table,
  enterpriseId: string,
  clusterId: string,
): Promise<VirtualCluster> {
  const item = await getItem(table, clusterKeys.cluster(enterpriseId, clusterId));
  if (!item) throw notFound('The virtual cluster');
  return toCluster(item);
}

function toCluster(item: Record<string, unknown>): VirtualCluster {
  const { [TTL_ATTRIBUTE]: _ttl, ...rest } = withoutKeys<Record<string, unknown>>(item);
  return rest as unknown as VirtualCluster;
}

export async function listClusters(
  table: Table,
  enterpriseId: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<VirtualCluster>> {
  const pk = `ENT#${enterpriseId}`;
  const { Items = [], LastEvaluatedKey } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': clusterKeys.clusterPrefix },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, pk, clusterKeys.clusterPrefix),
    }),
  );
  return { items: Items.map(toCluster), nextCursor: encodeCursor(LastEvaluatedKey) };
}

/** Writes a new cluster and claims its name and namespace; a taken name is a conflict. */
export function putNewCluster(tx: Transaction, cluster: VirtualCluster): void {
  tx.put(
    {
      Item: {
        ...clusterKeys.name(cluster.enterpriseId, cluster.name),
        kind: 'cluster-name',
        clusterId: cluster.id,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
    () =>
      new DomainError('conflict', `A virtual cluster named ${cluster.name} already exists.`, {
        fields: [{ field: 'name', message: 'This name is taken in your enterprise.' }],
      }),
  );
  tx.put(
    {
      Item: {
        ...clusterKeys.namespace(cluster.namespace),
        kind: 'namespace',
        enterpriseId: cluster.enterpriseId,
        clusterId: cluster.id,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
    () => new DomainError('conflict', 'The derived namespace is taken; retry.'),
  );
  tx.put({
    Item: {
      ...clusterKeys.cluster(cluster.enterpriseId, cluster.id),
      kind: 'cluster',
      ...cluster,
      ...busyIndexEntry(cluster),
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
}

/**
 * Moves a cluster to its next state, if nobody else moved it since `current` was read: the
 * version is the guard, so a repeated workflow step or a concurrent request changes nothing.
 */
export function saveCluster(
  tx: Transaction,
  current: VirtualCluster,
  next: VirtualCluster,
  onConditionFailed: () => DomainError = () => clusterChanged(current),
): void {
  const item: Record<string, unknown> = {
    ...clusterKeys.cluster(current.enterpriseId, current.id),
    kind: 'cluster',
    ...next,
    version: current.version + 1,
    ...busyIndexEntry(next),
  };
  if (next.status === 'DELETED') {
    item[TTL_ATTRIBUTE] = Math.floor(Date.parse(next.updatedAt) / 1000) + DELETED_RETENTION_SECONDS;
  }
  tx.put(
    {
      Item: item,
      ConditionExpression: 'version = :read',
      ExpressionAttributeValues: { ':read': current.version },
    },
    onConditionFailed,
  );
}

/** Gives the name and the namespace back, once the cluster is gone. */
export function releaseClusterClaims(tx: Transaction, cluster: VirtualCluster): void {
  tx.delete({
    Key: clusterKeys.name(cluster.enterpriseId, cluster.name),
    ConditionExpression: 'attribute_not_exists(PK) OR clusterId = :id',
    ExpressionAttributeValues: { ':id': cluster.id },
  });
  tx.delete({
    Key: clusterKeys.namespace(cluster.namespace),
    ConditionExpression: 'attribute_not_exists(PK) OR clusterId = :id',
    ExpressionAttributeValues: { ':id': cluster.id },
  });
}

export const clusterChanged = (cluster: Pick<VirtualCluster, 'status'>) =>
  new DomainError('conflict', 'The cluster changed at the same time; read it again and retry.', {
    details: { status: cluster.status },
  });
