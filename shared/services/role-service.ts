import { DomainError, notFound } from '../domain/errors';
import type { Permission } from '../domain/permissions';
import type { RequestContext } from '../domain/request-context';
import {
  builtInDescriptions,
  builtInRoles,
  checkGrantable,
  isBuiltInRole,
  type BuiltInRole,
  type CustomRole,
} from '../domain/roles';
import { recordAudit } from '../store/audit-log';
import type { Page, PageRequest } from '../store/pages';
import {
  deleteUnheldRole,
  findRole,
  listRoles,
  putNewRole,
  replaceRole,
} from '../store/role-store';
import { Transaction } from '../store/transaction';
import type { Principal } from './access';
import type { CoreDependencies } from './dependencies';

export interface RoleView {
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly Permission[];
  readonly builtIn: boolean;
  readonly holders?: number;
  readonly version?: number;
}

export interface RoleDefinition {
  readonly description: string;
  readonly permissions: readonly Permission[];
}

const builtInView = (name: BuiltInRole): RoleView => ({
  name,
  description: builtInDescriptions[name],
  permissions: builtInRoles[name],
  builtIn: true,
});

const customView = (role: CustomRole): RoleView => ({ ...role, builtIn: false });

/** The built-in roles head the first page; the custom ones follow, page by page. */
export async function listAllRoles(
  deps: CoreDependencies,
  enterpriseId: string,
  page: PageRequest,
): Promise<Page<RoleView>> {
  const custom = await listRoles(deps.table, enterpriseId, page);
  const builtIns = page.cursor === undefined ? (['administrator', 'member'] as const) : [];
  return {
    items: [...builtIns.map(builtInView), ...custom.items.map(customView)],
    nextCursor: custom.nextCursor,
  };
}

export async function describeRole(
  deps: CoreDependencies,
  enterpriseId: string,
  name: string,
): Promise<RoleView> {
  if (isBuiltInRole(name)) return builtInView(name);
  const role = await findRole(deps.table, enterpriseId, name);
  if (!role) throw notFound(`The role ${name}`);
  return customView(role);
}

const builtInIsFixed = (name: string) =>
  new DomainError('conflict', `The built-in role ${name} cannot be changed or deleted.`);

export async function createRole(
  deps: CoreDependencies,
  principal: Principal,
  input: RoleDefinition & { name: string },
  context: RequestContext,
): Promise<RoleView> {
  if (isBuiltInRole(input.name)) {
    throw new DomainError('conflict', `${input.name} is a built-in role.`, {
      fields: [{ field: 'name', message: 'Choose another name.' }],
    });
  }
  checkGrantable(input.permissions, principal.permissions, 'permissions');

  const now = deps.now().toISOString();
  const role: CustomRole = {
    name: input.name,
    description: input.description,
    permissions: unique(input.permissions),
    holders: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const tx = new Transaction(deps.table);
  putNewRole(tx, principal.enterpriseId, role);
  recordAudit(tx, principal.enterpriseId, context, {
    action: 'role.created',
    target: { type: 'role', id: role.name },
    details: { permissions: role.permissions },
  });
  await tx.commit();
  return customView(role);
}

export async function redefineRole(
  deps: CoreDependencies,
  principal: Principal,
  name: string,
  definition: RoleDefinition,
  expectedVersion: number | undefined,
  context: RequestContext,
): Promise<RoleView> {
  if (isBuiltInRole(name)) throw builtInIsFixed(name);
  const current = await findRole(deps.table, principal.enterpriseId, name);
  if (!current) throw notFound(`The role ${name}`);
  checkGrantable(definition.permissions, principal.permissions, 'permissions');

  const now = deps.now().toISOString();
  const version = expectedVersion ?? current.version;
  const permissions = unique(definition.permissions);
  const tx = new Transaction(deps.table);
  replaceRole(
    tx,
    principal.enterpriseId,
    name,
    { description: definition.description, permissions },
    version,
    now,
  );
  recordAudit(tx, principal.enterpriseId, context, {
    action: 'role.changed',
    target: { type: 'role', id: name },
    details: { before: current.permissions, after: permissions },
  });
  await tx.commit();
  return customView({
    ...current,
    description: definition.description,
    permissions,
    updatedAt: now,
    version: version + 1,
  });
}

export async function deleteRole(
  deps: CoreDependencies,
  principal: Principal,
  name: string,
  context: RequestContext,
): Promise<void> {
  if (isBuiltInRole(name)) throw builtInIsFixed(name);
  const current = await findRole(deps.table, principal.enterpriseId, name);
  if (!current) throw notFound(`The role ${name}`);

  const tx = new Transaction(deps.table);
  deleteUnheldRole(tx, principal.enterpriseId, name);
  recordAudit(tx, principal.enterpriseId, context, {
    action: 'role.deleted',
    target: { type: 'role', id: name },
  });
  await tx.commit();
}

const unique = (permissions: readonly Permission[]) => [...new Set(permissions)].sort();
