import type { Account } from '../domain/account';
import { DomainError } from '../domain/errors';
import type { RequestContext } from '../domain/request-context';
import { ADMINISTRATOR, checkGrantable } from '../domain/roles';
import { getAccount, toAccount } from '../store/account-store';
import { apiKeyIdsOf, revokeApiKey } from '../store/api-key-store';
import { recordAudit } from '../store/audit-log';
import { setMemberRole, disableMember, sessionIdsOf } from '../store/member-store';
import { recordEvent } from '../store/outbox';
import { moveHolder } from '../store/role-store';
import { revokeSession } from '../store/session-store';
import { Transaction } from '../store/transaction';
import { grantedByRole, type Principal } from './access';
import type { CoreDependencies } from './dependencies';

const administratorIsFixed = () =>
  new DomainError(
    'conflict',
    'The administrator cannot be changed or removed; hand the role over first.',
  );

async function activeMember(deps: CoreDependencies, enterpriseId: string, id: string) {
  const member = toAccount(await getAccount(deps.table, enterpriseId, id));
  if (member.role === ADMINISTRATOR) throw administratorIsFixed();
  if (member.status !== 'active') {
    throw new DomainError('conflict', 'The member was removed.');
  }
  return member;
}

/** Gives a member another role; it applies from the member's next request. */
export async function changeMemberRole(
  deps: CoreDependencies,
  principal: Principal,
  memberId: string,
  role: string,
  context: RequestContext,
): Promise<Account> {
  const member = await activeMember(deps, principal.enterpriseId, memberId);
  checkGrantable(
    await grantedByRole(deps, principal.enterpriseId, role),
    principal.permissions,
    'role',
  );
  if (member.role === role) return member;

  const tx = new Transaction(deps.table);
  setMemberRole(tx, member, role);
  moveHolder(tx, principal.enterpriseId, member.role, role);
  recordAudit(tx, principal.enterpriseId, context, {
    action: 'member.role_changed',
    target: { type: 'account', id: member.id },
    details: { from: member.role, to: role },
  });
  recordEvent(tx, principal.enterpriseId, 'member.role_changed', {
    accountId: member.id,
    from: member.role,
    to: role,
  });
  await tx.commit();
  return { ...member, role, version: member.version + 1 };
}

/** DynamoDB's limit of 100 items, less the account, e-mail, role, audit and event items. */
const REVOCATIONS_IN_FIRST_TRANSACTION = 90;
const REVOCATIONS_PER_TRANSACTION = 100;

/**
 * Removes a member: the account is disabled (every token and key it holds stops at the next
 * request, because authentication checks the account each time), its sessions and API keys are
 * revoked, and the account stays for the audit log's sake.
 */
export async function removeMember(
  deps: CoreDependencies,
  principal: Principal,
  memberId: string,
  context: RequestContext,
): Promise<void> {
  const member = await activeMember(deps, principal.enterpriseId, memberId);
  const now = deps.now();
  const [sessions, apiKeys] = await Promise.all([
    sessionIdsOf(deps.table, member),
    apiKeyIdsOf(deps.table, member.enterpriseId, member.id),
  ]);
  const revocations = [
    ...sessions.map((id) => (tx: Transaction) => revokeSession(tx, member.enterpriseId, id, now)),
    ...apiKeys.map(
      (id) => (tx: Transaction) => revokeApiKey(tx, member.enterpriseId, id, now.toISOString()),
    ),
  ];

  const tx = new Transaction(deps.table);
  disableMember(tx, member, now.toISOString());
  moveHolder(tx, member.enterpriseId, member.role, undefined);
  recordAudit(tx, member.enterpriseId, context, {
    action: 'member.removed',
    target: { type: 'account', id: member.id },
    details: {
      email: member.email,
      role: member.role,
      sessions: sessions.length,
      apiKeys: apiKeys.length,
    },
  });
  recordEvent(tx, member.enterpriseId, 'member.removed', { accountId: member.id });
  for (const revoke of revocations.slice(0, REVOCATIONS_IN_FIRST_TRANSACTION)) revoke(tx);
  await tx.commit();

  // Known limitation: a member with more than 90 sessions and keys has the rest revoked in
  // further transactions after the removal committed. Should one of those fail, the remaining
  // sessions and keys are not marked revoked, but they are refused all the same, because every
  // request checks that the account is active.
  const rest = revocations.slice(REVOCATIONS_IN_FIRST_TRANSACTION);
  for (let i = 0; i < rest.length; i += REVOCATIONS_PER_TRANSACTION) {
    const more = new Transaction(deps.table);
    for (const revoke of rest.slice(i, i + REVOCATIONS_PER_TRANSACTION)) revoke(more);
    await more.commit();
  }
}
