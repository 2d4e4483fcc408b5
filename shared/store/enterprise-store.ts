import type { Enterprise, EnterpriseChanges } from '../domain/enterprise';
import { DomainError, notFound } from '../domain/errors';
import { getItem, withoutKeys } from './items';
import { keys } from './keys';
import type { Table } from './table';
import type { Transaction } from './transaction';

/** The platform's own index of enterprises, for the operator's listing (never a Scan). */
export const ENTERPRISE_INDEX = 'ENTERPRISES';

export async function getEnterprise(table: Table, enterpriseId: string): Promise<Enterprise> {
  const item = await getItem(table, keys.enterprise(enterpriseId));
  if (!item) throw notFound('The enterprise');
  return withoutKeys<Enterprise>(item);
}

export function putNewEnterprise(tx: Transaction, enterprise: Enterprise): void {
  tx.put({
    Item: {
      ...keys.enterprise(enterprise.id),
      kind: 'enterprise',
      ...enterprise,
      GSI1PK: ENTERPRISE_INDEX,
      GSI1SK: `${enterprise.createdAt}#${enterprise.id}`,
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
}

/**
 * Applies basic-information changes if the enterprise is still at `expectedVersion`. Every
 * mutable item carries a version; a stale one is refused rather than overwritten.
 */
export function updateEnterpriseProfile(
  tx: Transaction,
  enterprise: Enterprise,
  changes: EnterpriseChanges,
  expectedVersion: number,
  now: string,
): Enterprise {
  const next: Enterprise = {
    ...enterprise,
    ...changes,
    updatedAt: now,
    version: expectedVersion + 1,
  };
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = {
    ':expected': expectedVersion,
    ':next': next.version,
    ':updatedAt': now,
  };
  const sets = ['#version = :next', '#updatedAt = :updatedAt'];
  for (const [field, value] of Object.entries(changes)) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }

  tx.update(
    {
      Key: keys.enterprise(enterprise.id),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
    () =>
      new DomainError('precondition-failed', 'The enterprise was changed since it was read.', {
        details: { expectedVersion },
      }),
  );
  return next;
}

/**
 * Names a new administrator, on the condition that the enterprise still has the one it was read
 * with: of any number of concurrent hand-overs, exactly one commits.
 */
export function setAdministrator(
  tx: Transaction,
  enterprise: Enterprise,
  accountId: string,
  now: string,
): Enterprise {
  const next = {
    ...enterprise,
    administratorId: accountId,
    updatedAt: now,
    version: enterprise.version + 1,
  };
  tx.update(
    {
      Key: keys.enterprise(enterprise.id),
      UpdateExpression: 'SET administratorId = :next, updatedAt = :now, #version = :nextVersion',
      ConditionExpression: 'administratorId = :current AND #version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: {
        ':next': accountId,
        ':current': enterprise.administratorId,
        ':now': now,
        ':version': enterprise.version,
        ':nextVersion': next.version,
      },
    },
    () => new DomainError('conflict', 'The administrator was handed over at the same time.'),
  );
  return next;
}
