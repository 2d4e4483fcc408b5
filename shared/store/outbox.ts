import { randomUUID } from 'node:crypto';
import type { DomainEvent, EventType } from '../domain/events';
import { keys } from './keys';
import type { Transaction } from './transaction';

/** The sparse index that holds outbox events not yet handed to the dispatcher. */
export const PENDING_OUTBOX = 'OUTBOX#pending';

/**
 * Adds an event to the transaction of the change it reports, so that a change without its event,
 * or an event without its change, cannot happen.
 */
export function recordEvent(
  tx: Transaction,
  enterpriseId: string,
  type: EventType,
  data: Record<string, unknown>,
  at = new Date(),
): DomainEvent {
  const event: DomainEvent = {
    id: `evt_${randomUUID().replaceAll('-', '')}`,
    type,
    timestamp: at.toISOString(),
    enterpriseId,
    data,
  };
  tx.put({
    Item: {
      ...keys.event(enterpriseId, event.timestamp, event.id),
      kind: 'event',
      ...event,
      GSI1PK: PENDING_OUTBOX,
      GSI1SK: `${event.timestamp}#${event.id}`,
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
  return event;
}
