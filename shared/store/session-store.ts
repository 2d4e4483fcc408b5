import { DomainError } from '../domain/errors';
import { getItem, withoutKeys } from './items';
import { keys, TTL_ATTRIBUTE } from './keys';
import type { Table } from './table';
import type { Transaction } from './transaction';

/** How long a session lives without being refreshed. */
export const SESSION_IDLE_SECONDS = 30 * 24 * 3600;

/** How many superseded refresh-token hashes a session remembers, to recognise reuse. */
const REMEMBERED_HASHES = 32;

export interface Session {
  readonly id: string;
  readonly enterpriseId: string;
  readonly accountId: string;
  readonly tokenHash: string;
  readonly previousHashes: readonly string[];
  readonly createdAt: string;
  readonly refreshedAt: string;
  readonly revokedAt?: string;
  readonly [TTL_ATTRIBUTE]: number;
}

export function isLive(session: Session | undefined, now: Date): session is Session {
  return !!session && !session.revokedAt && session[TTL_ATTRIBUTE] * 1000 > now.getTime();
}

export async function getSession(
  table: Table,
  enterpriseId: string,
  sessionId: string,
): Promise<Session | undefined> {
  const item = await getItem(table, keys.session(enterpriseId, sessionId));
  return item && withoutKeys<Session>(item);
}

export function putNewSession(tx: Transaction, session: Session): void {
  tx.put({
    Item: { ...keys.session(session.enterpriseId, session.id), kind: 'session', ...session },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
}

/**
 * Replaces the refresh-token hash, but only if the presented one is still current: of two
 * concurrent refreshes with one token, exactly one wins, and the other is seen as reuse.
 */
export function rotateSessionToken(
  tx: Transaction,
  session: Session,
  presentedHash: string,
  nextHash: string,
  now: Date,
): void {
  const previous = [presentedHash, ...session.previousHashes].slice(0, REMEMBERED_HASHES);
  tx.update(
    {
      Key: keys.session(session.enterpriseId, session.id),
      UpdateExpression:
        'SET tokenHash = :next, previousHashes = :previous, refreshedAt = :now, #ttl = :ttl',
      ConditionExpression: 'tokenHash = :presented AND attribute_not_exists(revokedAt)',
      ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: {
        ':next': nextHash,
        ':previous': previous,
        ':presented': presentedHash,
        ':now': now.toISOString(),
        ':ttl': Math.floor(now.getTime() / 1000) + SESSION_IDLE_SECONDS,
      },
    },
    () => new DomainError('unauthenticated', 'The refresh token is no longer valid.'),
  );
}

export function revokeSession(
  tx: Transaction,
  enterpriseId: string,
  sessionId: string,
  now: Date,
): void {
  tx.update({
    Key: keys.session(enterpriseId, sessionId),
    UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeValues: { ':now': now.toISOString() },
  });
}
