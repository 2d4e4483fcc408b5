import type { Account } from '../domain/account';
import { DomainError } from '../domain/errors';
import { ADMINISTRATOR, MEMBER } from '../domain/roles';
import { toAccount, type StoredAccount } from './account-store';
import { withoutKeys } from './items';
import { keys } from './keys';
import { queryAll, queryPage, type Page, type PageRequest } from './pages';
import type { Table } from './table';
import type { Transaction } from './transaction';

export async function listMembers(
  table: Table,
  enterpriseId: string,
  page: PageRequest,
): Promise<Page<Account>> {
  const result = await queryPage(table, {
    ...page,
    partition: `ENT#${enterpriseId}`,
    prefix: keys.accountPrefix,
  });
  return { ...result, items: result.items.map((i) => toAccount(withoutKeys<StoredAccount>(i))) };
}

const changedMeanwhile = () =>
  new DomainError('conflict', 'The member was changed at the same time; read it and retry.');

/**
 * Changes an active member's role, on the condition that it still has the role it was read with
 * and is not the administrator: the administrator role moves only by hand-over.
 */
export function setMemberRole(tx: Transaction, member: Account, role: string): void {
  tx.update(
    {
      Key: keys.account(member.enterpriseId, member.id),
      UpdateExpression: 'SET #role = :role, #version = :next',
      ConditionExpression:
        '#role = :current AND #role <> :administrator AND #status = :active AND #version = :v',
      ExpressionAttributeNames: { '#role': 'role', '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: {
        ':role': role,
        ':current': member.role,
        ':administrator': ADMINISTRATOR,
        ':active': 'active',
        ':v': member.version,
        ':next': member.version + 1,
      },
    },
    changedMeanwhile,
  );
}

/** Disables the account and gives up its e-mail address, so that the person can be invited again. */
export function disableMember(tx: Transaction, member: Account, now: string): void {
  tx.update(
    {
      Key: keys.account(member.enterpriseId, member.id),
      UpdateExpression: 'SET #status = :disabled, removedAt = :now, #version = :next',
      ConditionExpression: '#role <> :administrator AND #status = :active AND #version = :v',
      ExpressionAttributeNames: { '#role': 'role', '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: {
        ':disabled': 'disabled',
        ':now': now,
        ':administrator': ADMINISTRATOR,
        ':active': 'active',
        ':v': member.version,
        ':next': member.version + 1,
      },
    },
    changedMeanwhile,
  );
  tx.delete({
    Key: keys.email(member.email),
    ConditionExpression: 'accountId = :id',
    ExpressionAttributeValues: { ':id': member.id },
  });
}

/** The administrator steps down to `member`, on the condition that it still is the administrator. */
export function stepDown(tx: Transaction, administrator: Account): void {
  tx.update(
    {
      Key: keys.account(administrator.enterpriseId, administrator.id),
      UpdateExpression: 'SET #role = :member, #version = #version + :one',
      ConditionExpression: '#role = :administrator',
      ExpressionAttributeNames: { '#role': 'role', '#version': 'version' },
      ExpressionAttributeValues: { ':member': MEMBER, ':administrator': ADMINISTRATOR, ':one': 1 },
    },
    () => new DomainError('conflict', 'The administrator changed at the same time.'),
  );
}

/** An active member takes up the administrator role, if it still has the role it was read with. */
export function stepUp(tx: Transaction, member: Account): void {
  tx.update(
    {
      Key: keys.account(member.enterpriseId, member.id),
      UpdateExpression: 'SET #role = :administrator, #version = #version + :one',
      ConditionExpression: '#role = :current AND #status = :active',
      ExpressionAttributeNames: { '#role': 'role', '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: {
        ':administrator': ADMINISTRATOR,
        ':current': member.role,
        ':active': 'active',
        ':one': 1,
      },
    },
    changedMeanwhile,
  );
}

/**
 * The ids of the live sessions an account holds, to revoke them on removal.
 *
 * Known limitation: sessions are keyed by session id only, so this reads every session item of
 * the enterprise and filters; an index by account would make it proportional to the member's own.
 */
export async function sessionIdsOf(table: Table, member: Account): Promise<string[]> {
  const items = await queryAll(table, `ENT#${member.enterpriseId}`, 'SESSION#', {
    FilterExpression: 'accountId = :account AND attribute_not_exists(revokedAt)',
    ExpressionAttributeValues: { ':account': member.id },
  });
  return items.map((i) => String(i.id));
}
