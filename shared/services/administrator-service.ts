import type { Enterprise } from '../domain/enterprise';
import { DomainError } from '../domain/errors';
import type { RequestContext } from '../domain/request-context';
import { ADMINISTRATOR } from '../domain/roles';
import { getAccount, toAccount } from '../store/account-store';
import { recordAudit } from '../store/audit-log';
import { getEnterprise, setAdministrator } from '../store/enterprise-store';
import { stepDown, stepUp } from '../store/member-store';
import { recordEvent } from '../store/outbox';
import { moveHolder } from '../store/role-store';
import { Transaction } from '../store/transaction';
import type { Principal } from './access';
import type { CoreDependencies } from './dependencies';

/**
 * Hands the administrator role to another active member; the former administrator becomes a
 * `member`. The enterprise item's condition on `administratorId` and its version, together with
 * the conditions on both accounts, commit in one transaction: under any number of concurrent
 * hand-overs exactly one wins and the enterprise always has exactly one administrator.
 */
export async function handOverAdministrator(
  deps: CoreDependencies,
  principal: Principal,
  accountId: string,
  context: RequestContext,
): Promise<Enterprise> {
  const enterprise = await getEnterprise(deps.table, principal.enterpriseId);
  if (enterprise.administratorId !== principal.accountId) {
    throw new DomainError('forbidden', 'Only the administrator can hand the role over.');
  }
  if (accountId === principal.accountId) {
    throw new DomainError('conflict', 'You are the administrator already.');
  }
  const successor = toAccount(await getAccount(deps.table, principal.enterpriseId, accountId));
  if (successor.status !== 'active') {
    throw new DomainError(
      'conflict',
      'The account was removed; hand the role to an active member.',
    );
  }
  const former = toAccount(
    await getAccount(deps.table, principal.enterpriseId, principal.accountId),
  );

  const tx = new Transaction(deps.table);
  const next = setAdministrator(tx, enterprise, successor.id, deps.now().toISOString());
  stepDown(tx, former);
  stepUp(tx, successor);
  moveHolder(tx, principal.enterpriseId, successor.role, ADMINISTRATOR);
  recordAudit(tx, principal.enterpriseId, context, {
    action: 'administrator.transferred',
    target: { type: 'account', id: successor.id },
    details: { from: former.id, to: successor.id, successorFormerRole: successor.role },
  });
  recordEvent(tx, principal.enterpriseId, 'administrator.transferred', {
    from: former.id,
    to: successor.id,
  });
  await tx.commit();
  return next;
}
