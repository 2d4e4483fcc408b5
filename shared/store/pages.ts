import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  type Page,
  type PageRequest,
} from './cursor';
import type { Table } from './table';

export type { Page, PageRequest };

export interface PartitionQuery extends PageRequest {
  /** The partition key, e.g. `ENT#<id>`; a cursor can only ever continue inside it. */
  readonly partition: string;
  /** The sort-key prefix of the item kind listed. */
  readonly prefix: string;
  readonly newestFirst?: boolean;
  readonly filter?: Pick<
    QueryCommandInput,
    'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
  >;
}

/** A filtered page may need several reads to fill; this bounds the work of one request. */
const MAX_READS_PER_PAGE = 10;

/**
 * One page of a partition's items of one kind, filled up to the limit even when a filter drops
 * items (within a bounded number of reads). The cursor is checked to lie in the caller's own
 * partition and range, so one copied from another enterprise's list cannot reach it.
 */
export async function queryPage(
  table: Table,
  query: PartitionQuery,
): Promise<Page<Record<string, unknown>>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  let start: Record<string, unknown> | undefined = decodeCursor(
    query.cursor,
    query.partition,
    query.prefix,
  );
  const items: Record<string, unknown>[] = [];

  for (let read = 0; read < MAX_READS_PER_PAGE && items.length < limit; read++) {
    const { Items, LastEvaluatedKey } = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ...query.filter,
        ExpressionAttributeValues: {
          ...query.filter?.ExpressionAttributeValues,
          ':pk': query.partition,
          ':prefix': query.prefix,
        },
        ExclusiveStartKey: start,
        ScanIndexForward: !query.newestFirst,
        Limit: limit - items.length,
        ConsistentRead: true,
      }),
    );
    items.push(...(Items ?? []));
    start = LastEvaluatedKey;
    if (!start) break;
  }

  const nextCursor = encodeCursor(start);
  return { items, ...(nextCursor ? { nextCursor } : {}) };
}

/** Every item of a partition with one prefix, for internal bookkeeping that must see them all. */
export async function queryAll(
  table: Table,
  partition: string,
  prefix: string,
  filter?: PartitionQuery['filter'],
): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const { Items, LastEvaluatedKey } = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ...filter,
        ExpressionAttributeValues: {
          ...filter?.ExpressionAttributeValues,
          ':pk': partition,
          ':prefix': prefix,
        },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    all.push(...(Items ?? []));
    start = LastEvaluatedKey;
  } while (start);
  return all;
}
