import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from './keys';
import { itemId, type Table } from './table';

/** Drops the key and index attributes, leaving the record as the domain sees it. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, kind: _kind, ...rest } = item;
  return rest as T;
}

export async function getItem(
  table: Table,
  key: ItemKey,
  consistent = true,
): Promise<Record<string, unknown> | undefined> {
  const early = table.readAhead?.get(itemId(key));
  if (early !== undefined) return early ?? undefined;
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.name, Key: key, ConsistentRead: consistent }),
  );
  return Item;
}
