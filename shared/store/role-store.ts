import { DomainError, notFound } from '../domain/errors';
import type { Permission } from '../domain/permissions';
import { isBuiltInRole, type CustomRole } from '../domain/roles';
import { getItem, withoutKeys } from './items';
import { queryPage, type Page, type PageRequest } from './pages';
import type { Table } from './table';
import type { Transaction } from './transaction';

export const ROLE_PREFIX = 'ROLE#';

export const roleKey = (enterpriseId: string, name: string) => ({
  PK: `ENT#${enterpriseId}`,
  SK: `${ROLE_PREFIX}${name}`,
});

export async function findRole(
  table: Table,
  enterpriseId: string,
  name: string,
): Promise<CustomRole | undefined> {
  const item = await getItem(table, roleKey(enterpriseId, name));
  return item && withoutKeys<CustomRole>(item);
}

export async function getRole(table: Table, enterpriseId: string, name: string) {
  const role = await findRole(table, enterpriseId, name);
  if (!role) throw notFound(`The role ${name}`);
  return role;
}

export async function listRoles(
  table: Table,
  enterpriseId: string,
  page: PageRequest,
): Promise<Page<CustomRole>> {
  const result = await queryPage(table, {
    ...page,
    partition: `ENT#${enterpriseId}`,
    prefix: ROLE_PREFIX,
  });
  return { ...result, items: result.items.map((i) => withoutKeys<CustomRole>(i)) };
}

export function putNewRole(tx: Transaction, enterpriseId: string, role: CustomRole): void {
  tx.put(
    {
      Item: { ...roleKey(enterpriseId, role.name), kind: 'role', ...role },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
    () =>
      new DomainError('conflict', `A role named ${role.name} already exists.`, {
        fields: [{ field: 'name', message: 'This name is taken.' }],
      }),
  );
}

export function replaceRole(
  tx: Transaction,
  enterpriseId: string,
  name: string,
  changes: { description: string; permissions: readonly Permission[] },
  expectedVersion: number,
  now: string,
): void {
  tx.update(
    {
      Key: roleKey(enterpriseId, name),
      UpdateExpression:
        'SET description = :description, #permissions = :permissions, updatedAt = :now, ' +
        '#version = :next',
      ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
      ExpressionAttributeNames: { '#permissions': 'permissions', '#version': 'version' },
      ExpressionAttributeValues: {
        ':description': changes.description,
        ':permissions': changes.permissions,
        ':now': now,
        ':expected': expectedVersion,
        ':next': expectedVersion + 1,
      },
    },
    () => new DomainError('precondition-failed', `The role ${name} was changed since it was read.`),
  );
}

/** Deletes the role only while nobody holds it: the holder count is kept in the same item. */
export function deleteUnheldRole(tx: Transaction, enterpriseId: string, name: string): void {
  tx.delete(
    {
      Key: roleKey(enterpriseId, name),
      ConditionExpression: 'attribute_exists(PK) AND holders = :zero',
      ExpressionAttributeValues: { ':zero': 0 },
    },
    () =>
      new DomainError(
        'conflict',
        `The role ${name} is still held by members; reassign them first.`,
      ),
  );
}

/**
 * Moves one holder from one role to another inside `tx`. Taking up a custom role needs it to
 * exist at commit time, so a role deleted meanwhile cannot be handed out. Built-in roles are not
 * stored and keep no count.
 */
export function moveHolder(
  tx: Transaction,
  enterpriseId: string,
  from: string | undefined,
  to: string | undefined,
): void {
  if (from === to) return;
  if (from !== undefined && !isBuiltInRole(from)) {
    tx.update({
      Key: roleKey(enterpriseId, from),
      UpdateExpression: 'ADD holders :minus',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':minus': -1 },
    });
  }
  if (to !== undefined && !isBuiltInRole(to)) {
    tx.update(
      {
        Key: roleKey(enterpriseId, to),
        UpdateExpression: 'ADD holders :one',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':one': 1 },
      },
      () => new DomainError('conflict', `The role ${to} does not exist (any more).`),
    );
  }
}

/** Makes `tx` fail unless the custom role exists when it commits. */
export function checkRoleExists(tx: Transaction, enterpriseId: string, name: string): void {
  if (isBuiltInRole(name)) return;
  tx.check(
    { Key: roleKey(enterpriseId, name), ConditionExpression: 'attribute_exists(PK)' },
    () => new DomainError('conflict', `The role ${name} does not exist (any more).`),
  );
}
