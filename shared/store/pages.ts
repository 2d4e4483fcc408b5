import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors';
import type { Table } from './table';

export const MAX_PAGE_SIZE = 100;

export interface Page<T> {
  readonly items: T[];
  /** Opaque; pass it back as `cursor` for the next page. `null` on the last page. */
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string | undefined;
}

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
 * One page of a partition's items of one kind. The cursor carries only the sort key: the
 * partition is always the caller's, so a cursor copied from another enterprise cannot reach it.
 */
export async function queryPage(
  table: Table,
  query: PartitionQuery,
): Promise<Page<Record<string, unknown>>> {
  let startSk = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.prefix);
  const items: Record<string, unknown>[] = [];

  for (let read = 0; read < MAX_READS_PER_PAGE && items.length < query.limit; read++) {
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
        ExclusiveStartKey: startSk === undefined ? undefined : { PK: query.partition, SK: startSk },
        ScanIndexForward: !query.newestFirst,
        Limit: query.limit - items.length,
        ConsistentRead: true,
      }),
    );
    items.push(...(Items ?? []));
    startSk = LastEvaluatedKey ? String(LastEvaluatedKey.SK) : undefined;
    if (startSk === undefined) break;
  }

  return { items, nextCursor: startSk === undefined ? null : encodeCursor(startSk) };
}

function encodeCursor(sk: string): string {
  return Buffer.from(JSON.stringify({ sk }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, prefix: string): string {
  let sk: unknown;
  try {
    sk = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { sk?: unknown }).sk;
  } catch {
    sk = undefined;
  }
  if (typeof sk !== 'string' || !sk.startsWith(prefix)) {
    throw new DomainError('validation-failed', 'The cursor is not valid.', {
      fields: [{ field: 'cursor', message: 'Pass back a nextCursor from this list, unchanged.' }],
    });
  }
  return sk;
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
