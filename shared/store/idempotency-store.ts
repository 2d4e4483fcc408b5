import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors';
import { getItem } from './items';
import { TTL_ATTRIBUTE } from './keys';
import type { Table } from './table';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export interface StoredResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export type Claim =
  { readonly kind: 'claimed' } | { readonly kind: 'replay'; readonly response: StoredResponse };

/**
 * Idempotency records live in the partition of whoever sent the key: the enterprise for a signed-in
 * caller (`ENT#<id>`), the source address for sign-up. Keys are scoped to the caller, so one
 * tenant's key can never replay another's answer.
 */
export const idempotencyKey = (partition: string, scope: string, key: string) => ({
  PK: partition,
  SK: `IDEMPOTENCY#${scope}#${key}`,
});

export class IdempotencyStore {
  constructor(
    private readonly table: Table,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Claims the key for a request with this fingerprint. A conditional put decides between two
   * concurrent requests with one key: one runs, the other sees it in progress.
   */
  async claim(key: { PK: string; SK: string }, fingerprint: string): Promise<Claim> {
    const expiresAt = Math.floor(this.now().getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS;
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: {
            ...key,
            kind: 'idempotency',
            fingerprint,
            state: 'in-progress',
            [TTL_ATTRIBUTE]: expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return { kind: 'claimed' };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }

    const existing = await getItem(this.table, key);
    if (!existing) return this.claim(key, fingerprint);
    if (existing.fingerprint !== fingerprint) {
      throw new DomainError(
        'idempotency-key-reused',
        'This Idempotency-Key was used for a different request.',
      );
    }
    if (existing.state !== 'completed') {
      throw new DomainError(
        'conflict',
        'A request with this Idempotency-Key is still in progress.',
      );
    }
    return { kind: 'replay', response: existing.response as StoredResponse };
  }

  async complete(key: { PK: string; SK: string }, response: StoredResponse): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: key,
        UpdateExpression: 'SET #state = :completed, #response = :response',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
        ExpressionAttributeValues: { ':completed': 'completed', ':response': response },
      }),
    );
  }

  /** Forgets a claim whose request failed, so that a retry with the same key runs again. */
  async release(key: { PK: string; SK: string }): Promise<void> {
    await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: key }));
  }
}
