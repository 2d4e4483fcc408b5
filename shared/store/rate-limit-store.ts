import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors';
import { getItem } from './items';
import { keys, TTL_ATTRIBUTE } from './keys';
import type { Table } from './table';

export interface RateLimit {
  /** What is counted, e.g. `signup` or `signin-failure`. */
  readonly scope: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * Fixed-window counters kept in DynamoDB, so that a limit holds across every Lambda instance.
 * DynamoDB's TTL removes a window's counter after it ends.
 */
export class RateLimiter {
  constructor(
    private readonly table: Table,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Counts one hit, or refuses with `rate-limited` when the window is already full. */
  async hit(rule: RateLimit, subject: string): Promise<void> {
    const { key, windowEnd } = this.window(rule, subject);
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key,
          UpdateExpression: 'ADD hits :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': 1, ':limit': rule.limit, ':ttl': windowEnd + 60 },
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw this.refusal(windowEnd, err);
      throw err;
    }
  }

  /** Refuses when the window is full, without counting. */
  async check(rule: RateLimit, subject: string): Promise<void> {
    const { key, windowEnd } = this.window(rule, subject);
    const item = await getItem(this.table, key, false);
    if (Number(item?.hits ?? 0) >= rule.limit) throw this.refusal(windowEnd);
  }

  private window(rule: RateLimit, subject: string) {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % rule.windowSeconds);
    return {
      key: keys.rateCounter(rule.scope, subject, windowStart),
      windowEnd: windowStart + rule.windowSeconds,
    };
  }

  private refusal(windowEnd: number, cause?: unknown): DomainError {
    const retryAfter = Math.max(1, windowEnd - Math.floor(this.now().getTime() / 1000));
    return new DomainError('rate-limited', 'Too many attempts; try again later.', {
      retryAfter,
      cause,
    });
  }
}
