import { DomainError } from '../domain/errors';
import type { ItemKey } from './keys';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export interface PageRequest {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

export interface Page<T> {
  readonly items: T[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** A cursor is the last key of a page, opaque to clients. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  if (!key) return undefined;
  return Buffer.from(JSON.stringify({ PK: key.PK, SK: key.SK })).toString('base64url');
}

/**
 * The key a cursor names, refused unless it lies in the caller's own partition and the listed
 * range: a cursor is client input and must not become a way into another enterprise's items.
 */
export function decodeCursor(
  cursor: string | undefined,
  partition: string,
  skPrefix: string,
): ItemKey | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const { PK, SK } = (key ?? {}) as Partial<ItemKey>;
  if (PK !== partition || typeof SK !== 'string' || !SK.startsWith(skPrefix)) {
    throw new DomainError('validation-failed', 'The cursor is not valid for this list.', {
      fields: [{ field: 'query.cursor', message: 'Pass a nextCursor from this list unchanged.' }],
    });
  }
  return { PK, SK };
}
