import { DomainError } from '../domain/errors';

export interface Page<T> {
  readonly items: T[];
  /** Opaque to clients; absent on the last page. */
  readonly nextCursor: string | undefined;
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/**
 * Reads a cursor back, refusing one that points outside the partition and prefix of the list it
 * belongs to: a cursor is client input, and must not lead a query into another tenant's items.
 */
export function decodeCursor(
  cursor: string | undefined,
  partition: string,
  prefix: string,
  partitionAttribute = 'PK',
): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const record = key as Record<string, unknown> | undefined;
  const valid =
    !!record &&
    typeof record === 'object' &&
    record[partitionAttribute] === partition &&
    Object.values(record).every((v) => typeof v === 'string') &&
    Object.values(record).some((v) => typeof v === 'string' && v.startsWith(prefix));
  if (!valid) {
    throw new DomainError('validation-failed', 'The cursor is not valid for this list.', {
      fields: [{ field: 'query.cursor', message: 'Use the nextCursor of a previous page.' }],
    });
  }
  return record;
}
