import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKey } from '../domain/api-key';
import type { StoredAccount } from './account-store';
import { getItem, withoutKeys } from './items';
import { keys } from './keys';
import { queryAll, queryPage, type Page, type PageRequest } from './pages';
import type { Table } from './table';
import type { Transaction } from './transaction';

export const API_KEY_ITEM_PREFIX = 'APIKEY#';

export const apiKeyKey = (enterpriseId: string, id: string) => ({
  PK: `ENT#${enterpriseId}`,
  SK: `${API_KEY_ITEM_PREFIX}${id}`,
});

export interface StoredApiKey extends ApiKey {
  readonly keyHash: string;
}

export function toApiKey(stored: StoredApiKey): ApiKey {
  const { keyHash: _hash, ...key } = stored;
  return key;
}

export async function findApiKey(
  table: Table,
  enterpriseId: string,
  id: string,
): Promise<StoredApiKey | undefined> {
  const item = await getItem(table, apiKeyKey(enterpriseId, id));
  return item && withoutKeys<StoredApiKey>(item);
}

export async function listApiKeys(
  table: Table,
  enterpriseId: string,
  page: PageRequest,
): Promise<Page<ApiKey>> {
  const result = await queryPage(table, {
    ...page,
    partition: `ENT#${enterpriseId}`,
    prefix: API_KEY_ITEM_PREFIX,
  });
  return { ...result, items: result.items.map((i) => toApiKey(withoutKeys<StoredApiKey>(i))) };
}

/** The ids of the unrevoked keys an account owns, to revoke them on removal. */
export async function apiKeyIdsOf(
  table: Table,
  enterpriseId: string,
  accountId: string,
): Promise<string[]> {
  const items = await queryAll(table, `ENT#${enterpriseId}`, API_KEY_ITEM_PREFIX, {
    FilterExpression: 'accountId = :account AND attribute_not_exists(revokedAt)',
    ExpressionAttributeValues: { ':account': accountId },
  });
  return items.map((i) => String(i.id));
}

export function putNewApiKey(tx: Transaction, key: StoredApiKey): void {
  tx.put({
    Item: { ...apiKeyKey(key.enterpriseId, key.id), kind: 'api-key', ...key },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
}

/** Revokes the key; revoking twice keeps the first time. */
export function revokeApiKey(tx: Transaction, enterpriseId: string, id: string, now: string): void {
  tx.update({
    Key: apiKeyKey(enterpriseId, id),
    UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeValues: { ':now': now },
  });
}

/** The key and the account it acts for, both read consistently, for every request with the key. */
export async function getApiKeyAndOwner(
  table: Table,
  enterpriseId: string,
  keyId: string,
): Promise<{ key?: StoredApiKey; owner?: StoredAccount }> {
  const key = await findApiKey(table, enterpriseId, keyId);
  if (!key) return {};
  const owner = await getItem(table, keys.account(enterpriseId, key.accountId));
  return { key, owner: owner && withoutKeys<StoredAccount>(owner) };
}

/**
 * Records when the key was last used, at most once a minute per key, so that a busy integration
 * does not turn every read into a write.
 */
export async function touchApiKey(table: Table, key: ApiKey, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - 60_000).toISOString();
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: apiKeyKey(key.enterpriseId, key.id),
        UpdateExpression: 'SET lastUsedAt = :now',
        ConditionExpression:
          'attribute_exists(PK) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :stale)',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':stale': stale },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}
