import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../domain/request-context';
import { keys } from './keys';
import type { Transaction } from './transaction';

export interface AuditEntry {
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string };
  readonly details?: Record<string, unknown>;
}

/**
 * Adds an audit event to the transaction of the change it records. Audit items are only ever put
 * with a condition that they are new, and no route updates or deletes them.
 */
export function recordAudit(
  tx: Transaction,
  enterpriseId: string,
  context: RequestContext,
  entry: AuditEntry,
  at = new Date(),
): void {
  const id = randomUUID();
  const timestamp = at.toISOString();
  tx.put({
    Item: {
      ...keys.audit(enterpriseId, timestamp, id),
      kind: 'audit',
      id,
      enterpriseId,
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
