import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Account } from '../domain/account';
import { DomainError, notFound } from '../domain/errors';
import { getItem, withoutKeys } from './items';
import { keys, type ItemKey } from './keys';
import type { Session } from './session-store';
import { itemId, type Table } from './table';
import type { Transaction } from './transaction';

/** An account as stored: the password hash never leaves the store layer except to be verified. */
export interface StoredAccount extends Account {
  readonly passwordHash: string;
}

export function toAccount(stored: StoredAccount): Account {
  const { passwordHash: _hash, ...account } = stored;
  return account;
}

export async function getAccount(
  table: Table,
  enterpriseId: string,
  accountId: string,
): Promise<StoredAccount> {
  const item = await getItem(table, keys.account(enterpriseId, accountId));
  if (!item) throw notFound('The account');
  return withoutKeys<StoredAccount>(item);
}

export interface EmailOwner {
  readonly accountId: string;
  readonly enterpriseId: string;
}

export async function findEmailOwner(table: Table, email: string): Promise<EmailOwner | undefined> {
  const item = await getItem(table, keys.email(email));
  if (!item) return undefined;
  return { accountId: String(item.accountId), enterpriseId: String(item.enterpriseId) };
}

/**
 * Writes the account and claims its e-mail address. The e-mail item is the service-wide uniqueness
 * guard: its conditional put fails if any account, in any enterprise, already holds the address.
 */
export function putNewAccount(tx: Transaction, account: StoredAccount): void {
  tx.put(
    {
      Item: {
        ...keys.email(account.email),
        kind: 'email',
        accountId: account.id,
        enterpriseId: account.enterpriseId,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
    () =>
      new DomainError('email-taken', 'An account with this e-mail address already exists.', {
        fields: [{ field: 'email', message: 'This e-mail address is already in use.' }],
      }),
  );
  tx.put({
    Item: { ...keys.account(account.enterpriseId, account.id), kind: 'account', ...account },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
}

/**
 * The account and the session a token names, in one round trip: every authenticated request needs
 * both, because a disabled account or a revoked session must stop working at the next request.
 * `readAhead` names further items of the same enterprise the request will read (the resource a
 * route serves); they come back in the same round trip, for `withReadAhead`.
 */
export async function getAccountAndSession(
  table: Table,
  enterpriseId: string,
  accountId: string,
  sessionId: string,
  readAhead: readonly ItemKey[] = [],
): Promise<{
  account?: StoredAccount;
  session?: Session;
  items: Map<string, Record<string, unknown> | null>;
}> {
  const accountKey = keys.account(enterpriseId, accountId);
  const sessionKey = keys.session(enterpriseId, sessionId);
  // Only this enterprise's items, each once (BatchGetItem refuses a key named twice).
  const taken = new Set([itemId(accountKey), itemId(sessionKey)]);
  const own = readAhead.filter((k) => {
    const id = itemId(k);
    if (k.PK !== accountKey.PK || taken.has(id)) return false;
    taken.add(id);
    return true;
  });
  const { Responses } = await table.client.send(
    new BatchGetCommand({
      RequestItems: {
        [table.name]: { Keys: [accountKey, sessionKey, ...own], ConsistentRead: true },
      },
    }),
  );
  const found = new Map((Responses?.[table.name] ?? []).map((i) => [itemId(i as ItemKey), i]));
  const account = found.get(itemId(accountKey));
  const session = found.get(itemId(sessionKey));
  const items = new Map(own.map((k) => [itemId(k), found.get(itemId(k)) ?? null]));
  return {
    account: account && withoutKeys<StoredAccount>(account),
    session: session && withoutKeys<Session>(session),
    items,
  };
}
