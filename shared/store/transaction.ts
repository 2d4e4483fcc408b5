import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors';
import type { ItemKey } from './keys';
import type { Table } from './table';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What a failed condition on one item of a transaction means to the caller. */
export type OnConditionFailed = () => DomainError;

interface Entry {
  readonly item: TransactItem;
  readonly onConditionFailed: OnConditionFailed | undefined;
}

export type Put = NonNullable<TransactItem['Put']>;
export type Update = NonNullable<TransactItem['Update']>;
export type ConditionCheck = NonNullable<TransactItem['ConditionCheck']>;
export type Delete = NonNullable<TransactItem['Delete']>;

type WithoutTable<T> = Omit<T, 'TableName'>;

/**
 * Collects the writes of one change (the change itself, its audit event, its outbox event) and
 * commits them in one DynamoDB transaction, so either all of them happen or none does. A condition
 * that fails is turned into the domain error its writer named.
 */
export class Transaction {
  private readonly entries: Entry[] = [];

  constructor(private readonly table: Table) {}

  put(put: WithoutTable<Put>, onConditionFailed?: OnConditionFailed): this {
    return this.add({ Put: { ...put, TableName: this.table.name } }, onConditionFailed);
  }

  update(update: WithoutTable<Update>, onConditionFailed?: OnConditionFailed): this {
    return this.add({ Update: { ...update, TableName: this.table.name } }, onConditionFailed);
  }

  check(check: WithoutTable<ConditionCheck>, onConditionFailed: OnConditionFailed): this {
    return this.add(
      { ConditionCheck: { ...check, TableName: this.table.name } },
      onConditionFailed,
    );
  }

  delete(del: WithoutTable<Delete>, onConditionFailed?: OnConditionFailed): this {
    return this.add({ Delete: { ...del, TableName: this.table.name } }, onConditionFailed);
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Commits, retrying a few times when DynamoDB cancelled only because another transaction held
   * one of the items: nothing was written then, and the next attempt re-checks every condition.
   */
  async commit(): Promise<void> {
    const command = new TransactWriteCommand({ TransactItems: this.entries.map((e) => e.item) });
    for (let attempt = 1; ; attempt++) {
      try {
        await this.table.client.send(command);
        return;
      } catch (err) {
        if (attempt < maxAttempts && onlyConflicts(err)) {
          await sleep(Math.random() * 20 * 2 ** attempt);
          continue;
        }
        throw this.translate(err);
      }
    }
  }

  private add(item: TransactItem, onConditionFailed?: OnConditionFailed): this {
    if (this.entries.length >= 100)
      throw new Error('A DynamoDB transaction holds at most 100 items.');
    this.entries.push({ item, onConditionFailed });
    return this;
  }

  private translate(err: unknown): unknown {
    if (!(err instanceof TransactionCanceledException)) return err;

    const reasons = err.CancellationReasons ?? [];
    for (const [index, reason] of reasons.entries()) {
      if (reason.Code !== 'ConditionalCheckFailed') continue;
      const onFailed = this.entries[index]?.onConditionFailed;
      if (onFailed) return Object.assign(onFailed(), { cause: err });
    }
    if (reasons.some((r) => r.Code === 'TransactionConflict')) {
      return new DomainError(
        'conflict',
        'Another change to the same data was in progress; retry.',
        {
          cause: err,
        },
      );
    }
    return err;
  }
}

const maxAttempts = 5;

function onlyConflicts(err: unknown): boolean {
  if (!(err instanceof TransactionCanceledException)) return false;
  const reasons = err.CancellationReasons ?? [];
  return (
    reasons.some((r) => r.Code === 'TransactionConflict') &&
    reasons.every((r) => r.Code === 'TransactionConflict' || r.Code === 'None')
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function keyOf(item: ItemKey): ItemKey {
  return { PK: item.PK, SK: item.SK };
}
