import type { RequestContext } from '../domain/request-context';
import { putAuditItem, type AuditEntry } from './audit-log';
import type { Transaction } from './transaction';

/**
 * The platform operator's changes that belong to no enterprise (the GPU catalogue) are audited in
 * a partition of their own, in the transaction of the change, like every tenant's audit log.
 */
export const PLATFORM_AUDIT = 'PLATFORM#AUDIT';

export function recordPlatformAudit(
  tx: Transaction,
  context: RequestContext,
  entry: AuditEntry,
  at = new Date(),
): void {
  putAuditItem(tx, PLATFORM_AUDIT, {}, context, entry, at);
}
