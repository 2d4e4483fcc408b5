import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain/errors';
import { queryPage } from '../../../shared/store/pages';
import type { Table } from '../../../shared/store/table';
import { freshTable } from '../../support/tables';

let table: Table;

beforeAll(async () => {
  table = await freshTable('pages');
  for (const partition of ['ENT#a', 'ENT#b']) {
    for (let i = 0; i < 5; i++) {
      await table.client.send(
        new PutCommand({
          TableName: table.name,
          Item: { PK: partition, SK: `THING#${i}`, n: i, even: i % 2 === 0 },
        }),
      );
    }
  }
  await table.client.send(
    new PutCommand({ TableName: table.name, Item: { PK: 'ENT#a', SK: 'OTHER#1' } }),
  );
});
afterAll(() => table.client.destroy());

const query = { partition: 'ENT#a', prefix: 'THING#' };

describe('queryPage', () => {
  it('pages through one kind of item of one partition, in order, without repeats', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryPage(table, { ...query, limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => Number(i.n)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('fills a filtered page before it answers', async () => {
    const page = await queryPage(table, {
      ...query,
      limit: 3,
      filter: { FilterExpression: 'even = :yes', ExpressionAttributeValues: { ':yes': true } },
    });
    expect(page.items.map((i) => i.n)).toEqual([0, 2, 4]);
  });

  it('refuses a cursor taken from another partition', async () => {
    const first = await queryPage(table, { partition: 'ENT#b', prefix: 'THING#', limit: 2 });
    const result = await queryPage(table, { ...query, limit: 10, cursor: first.nextCursor! }).catch(
      (e) => e,
    );
    expect((result as DomainError).code).toBe('validation-failed');
  });

  it.each(['not base64 json', Buffer.from('{"PK":"ENT#a","SK":"OTHER#1"}').toString('base64url')])(
    'refuses a cursor that is not one of its own: %s',
    async (cursor) => {
      const result = await queryPage(table, { ...query, limit: 2, cursor }).catch((e) => e);
      expect(result).toBeInstanceOf(DomainError);
      expect((result as DomainError).code).toBe('validation-failed');
    },
  );
});
