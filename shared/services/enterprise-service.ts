import type { Enterprise, EnterpriseChanges } from '../domain/enterprise';
import type { RequestContext } from '../domain/request-context';
import { recordAudit } from '../store/audit-log';
import { getEnterprise, updateEnterpriseProfile } from '../store/enterprise-store';
import { recordEvent } from '../store/outbox';
import { Transaction } from '../store/transaction';
import type { CoreDependencies } from './dependencies';

/**
 * Changes the enterprise's basic information. `expectedVersion` comes from the client's
 * `If-Match`, or from the read just made when the client sent none.
 */
export async function updateEnterprise(
  deps: CoreDependencies,
  enterpriseId: string,
  changes: EnterpriseChanges,
  expectedVersion: number | undefined,
  context: RequestContext,
): Promise<Enterprise> {
  const current = await getEnterprise(deps.table, enterpriseId);
  const version = expectedVersion ?? current.version;

  const tx = new Transaction(deps.table);
  const next = updateEnterpriseProfile(tx, current, changes, version, deps.now().toISOString());
  recordAudit(tx, enterpriseId, context, {
    action: 'enterprise.updated',
    target: { type: 'enterprise', id: enterpriseId },
    details: { fields: Object.keys(changes) },
  });
  recordEvent(tx, enterpriseId, 'enterprise.updated', {
    enterpriseId,
    fields: Object.keys(changes),
  });
  await tx.commit();
  return next;
}
