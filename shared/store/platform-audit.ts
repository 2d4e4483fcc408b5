import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../domain/request-context';
import type { AuditEntry } from './audit-log';
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
  const id = randomUUID();
  const timestamp = at.toISOString();
  tx.put({
    Item: {
      PK: PLATFORM_AUDIT,
      SK: `AUDIT#${timestamp}#${id}`,
      kind: 'audit',
      id,
      at: timestamp,
      actor: context.actor,
      action: entry.action,
      target: entry.target,
      details: entry.details ?? {},
      requestId: context.requestId,
      sourceIp: context.sourceIp,
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
}
