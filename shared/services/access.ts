import type { Account } from '../domain/account';
import type { Permission } from '../domain/permissions';
import { builtInRoles, isBuiltInRole } from '../domain/roles';
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
 * The permissions an account holds through its role, as the account stands now: a role change
 * takes effect at the next request, not when a token expires.
 */
export async function permissionsOf(
  _deps: CoreDependencies,
  account: Pick<Account, 'enterpriseId' | 'role'>,
): Promise<ReadonlySet<Permission>> {
  if (isBuiltInRole(account.role)) return new Set(builtInRoles[account.role]);
  return new Set();
}
