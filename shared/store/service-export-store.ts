import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors';
import type { ServiceExport } from '../domain/service-export';
import { getItem, withoutKeys } from './items';
import type { ItemKey } from './keys';
import { decodeCursor, encodeCursor, type Page } from './page';
import type { Table } from './table';
import type { Transaction } from './transaction';

const EXPORT_PREFIX = 'SVCEXPORT#';

/**
 * An export lives in the enterprise partition under its cluster, so a cluster's exports are one
 * Query. Beside them, one counter item per cluster holds how many export slots are taken: the
 * per-cluster limit is a condition on that counter in the transaction that writes the export.
 */
export const exportKeys = {
  export: (enterpriseId: string, clusterId: string, name: string): ItemKey => ({
    PK: `ENT#${enterpriseId}`,
    SK: `${EXPORT_PREFIX}${clusterId}#${name}`,
  }),
  ofCluster: (clusterId: string) => `${EXPORT_PREFIX}${clusterId}#`,
  slots: (enterpriseId: string, clusterId: string): ItemKey => ({
    PK: `ENT#${enterpriseId}`,
    SK: `SVCEXPORTSLOTS#${clusterId}`,
  }),
};

export const limitReached = (max: number) =>
  new DomainError('limit-exceeded', `A virtual cluster holds at most ${max} service exports.`, {
    details: { limit: max },
  });

export async function getExport(
  table: Table,
  enterpriseId: string,
  clusterId: string,
  name: string,
): Promise<ServiceExport | undefined> {
  const item = await getItem(table, exportKeys.export(enterpriseId, clusterId, name));
  return item ? withoutKeys<ServiceExport>(item) : undefined;
}

export async function listExports(
  table: Table,
  enterpriseId: string,
  clusterId: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<ServiceExport>> {
  const pk = `ENT#${enterpriseId}`;
  const prefix = exportKeys.ofCluster(clusterId);
  const { Items = [], LastEvaluatedKey } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ConsistentRead: true,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, pk, prefix),
    }),
  );
  return {
    items: Items.map((i) => withoutKeys<ServiceExport>(i)),
    nextCursor: encodeCursor(LastEvaluatedKey),
  };
}

/** Every export of one cluster, page by page: for the reconcile and the cluster's deletion. */
export async function allExports(
  table: Table,
  enterpriseId: string,
  clusterId: string,
): Promise<ServiceExport[]> {
  const all: ServiceExport[] = [];
  let cursor: string | undefined;
  do {
    const page = await listExports(table, enterpriseId, clusterId, 100, cursor);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/**
 * Makes sure the cluster's slot counter exists (at 0), so that the update taking a slot has one
 * plain condition (`used < max`) on an item that is always there.
 */
export async function ensureSlotCounter(
  table: Table,
  enterpriseId: string,
  clusterId: string,
): Promise<void> {
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...exportKeys.slots(enterpriseId, clusterId), kind: 'export-slots', used: 0 },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}

/**
 * Takes one of the cluster's `max` export slots; call `ensureSlotCounter` first. The condition is
 * what keeps the limit under any number of concurrent creations.
 */
export function takeSlot(tx: Transaction, exp: ServiceExport, max: number): void {
  tx.update(
    {
      Key: exportKeys.slots(exp.enterpriseId, exp.clusterId),
      UpdateExpression: 'SET #used = #used + :one',
      ConditionExpression: '#used < :max',
      ExpressionAttributeNames: { '#used': 'used' },
      ExpressionAttributeValues: { ':one': 1, ':max': max },
    },
    () => limitReached(max),
  );
}

function releaseSlot(tx: Transaction, exp: ServiceExport): void {
  tx.update({
    Key: exportKeys.slots(exp.enterpriseId, exp.clusterId),
    UpdateExpression: 'SET #used = #used - :one',
    ConditionExpression: '#used > :zero',
    ExpressionAttributeNames: { '#used': 'used' },
    ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
  });
}

/** Writes a new export; a name already taken in the cluster is a conflict. */
export function putNewExport(tx: Transaction, exp: ServiceExport): void {
  tx.put(
    {
      Item: {
        ...exportKeys.export(exp.enterpriseId, exp.clusterId, exp.name),
        kind: 'export',
        ...exp,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
    () =>
      new DomainError('conflict', `A service export named ${exp.name} already exists.`, {
        fields: [{ field: 'name', message: 'This name is taken in the cluster.' }],
      }),
  );
}

/** Saves the next state of an export, if nobody changed it since `current` was read. */
export function saveExport(tx: Transaction, current: ServiceExport, next: ServiceExport): void {
  tx.put(
    {
      Item: {
        ...exportKeys.export(current.enterpriseId, current.clusterId, current.name),
        kind: 'export',
        ...next,
        version: current.version + 1,
      },
      ConditionExpression: 'version = :read',
      ExpressionAttributeValues: { ':read': current.version },
    },
    () => new DomainError('conflict', 'The service export changed at the same time; retry.'),
  );
}

/** Removes an export and gives its slot back, if nobody changed it since it was read. */
export function removeExport(tx: Transaction, exp: ServiceExport): void {
  tx.delete(
    {
      Key: exportKeys.export(exp.enterpriseId, exp.clusterId, exp.name),
      ConditionExpression: 'version = :read',
      ExpressionAttributeValues: { ':read': exp.version },
    },
    () => new DomainError('conflict', 'The service export changed at the same time; retry.'),
  );
  if (exp.counted) releaseSlot(tx, exp);
}
