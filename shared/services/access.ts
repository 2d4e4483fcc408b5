import type { Account } from '../domain/account';
import { DomainError } from '../domain/errors';
import type { Permission } from '../domain/permissions';
import { ADMINISTRATOR, builtInRoles, isBuiltInRole } from '../domain/roles';
import { findRole } from '../store/role-store';
import type { CoreDependencies } from './dependencies';

/** Who a request acts as, resolved afresh on every request from the stored account. */
export interface Principal {
  readonly enterpriseId: string;
  readonly accountId: string;
  readonly role: string;
  readonly permissions: ReadonlySet<Permission>;
  readonly sessionId?: string;
  readonly apiKeyId?: string;
}

/**
 * The permissions an account holds through its role, as the account and the role stand now: a
 * role change, or a change to a custom role's permissions, takes effect at the next request.
 */
export async function permissionsOf(
  deps: CoreDependencies,
  account: Pick<Account, 'enterpriseId' | 'role'>,
): Promise<ReadonlySet<Permission>> {
  if (isBuiltInRole(account.role)) return new Set(builtInRoles[account.role]);
  const role = await findRole(deps.table, account.enterpriseId, account.role);
  return new Set(role?.permissions ?? []);
}

/**
 * The permissions a role would give, for a role that someone is about to hand out. The
 * administrator role is never handed out this way; it moves only by hand-over.
 */
export async function grantedByRole(
  deps: CoreDependencies,
  enterpriseId: string,
  role: string,
): Promise<readonly Permission[]> {
  if (role === ADMINISTRATOR) {
    throw new DomainError('validation-failed', 'The administrator role moves only by hand-over.', {
      fields: [{ field: 'role', message: 'Use PUT /v1/enterprise/administrator instead.' }],
    });
  }
  if (isBuiltInRole(role)) return builtInRoles[role];
  const custom = await findRole(deps.table, enterpriseId, role);
  if (!custom) {
    throw new DomainError('validation-failed', `The role ${role} does not exist.`, {
      fields: [{ field: 'role', message: 'Name a built-in role or one from GET /v1/roles.' }],
    });
  }
  return custom.permissions;
}
