import { randomUUID } from 'node:crypto';
import type { Actor, RequestContext } from '../domain/request-context';
import { withoutKeys } from './items';
import { keys } from './keys';
import { queryPage, type Page, type PageRequest } from './pages';
import type { Table } from './table';
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
  putAuditItem(tx, `ENT#${enterpriseId}`, { enterpriseId }, context, entry, at);
}

/** An audit item in partition `pk`, sorted by time; shared by tenant and platform audit logs. */
export function putAuditItem(
  tx: Transaction,
  pk: string,
  extra: Record<string, unknown>,
  context: RequestContext,
  entry: AuditEntry,
  at: Date,
): void {
  const id = randomUUID();
  const timestamp = at.toISOString();
  tx.put({
    Item: {
      PK: pk,
      SK: `${keys.auditPrefix}${timestamp}#${id}`,
      kind: 'audit',
      id,
      ...extra,
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

export interface AuditEvent {
  readonly id: string;
  readonly at: string;
  readonly actor: Actor;
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string };
  readonly details: Record<string, unknown>;
  readonly requestId: string;
  readonly sourceIp: string;
}

export interface AuditFilter {
  readonly action?: string | undefined;
  /** An account id: its own actions and those of its API keys; or an API key id. */
  readonly actor?: string | undefined;
}

/** The enterprise's audit log, newest first. */
export async function listAuditEvents(
  table: Table,
  enterpriseId: string,
  filter: AuditFilter,
  page: PageRequest,
): Promise<Page<AuditEvent>> {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.action !== undefined) {
    conditions.push('#action = :action');
    names['#action'] = 'action';
    values[':action'] = filter.action;
  }
  if (filter.actor !== undefined) {
    conditions.push('(#actor.#id = :actor OR #actor.accountId = :actor)');
    names['#actor'] = 'actor';
    names['#id'] = 'id';
    values[':actor'] = filter.actor;
  }

  const result = await queryPage(table, {
    ...page,
    partition: `ENT#${enterpriseId}`,
    prefix: keys.auditPrefix,
    newestFirst: true,
    ...(conditions.length > 0
      ? {
          filter: {
            FilterExpression: conditions.join(' AND '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        }
      : {}),
  });
  return {
    ...result,
    items: result.items.map((i) => {
      const { enterpriseId: _e, ...event } = withoutKeys<AuditEvent & { enterpriseId: string }>(i);
      return event;
    }),
  };
}
