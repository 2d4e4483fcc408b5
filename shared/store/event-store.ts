import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../domain/events';
import { queryPage, type Page, type PageRequest } from './pages';
import { withoutKeys } from './items';
import { keys } from './keys';
import { PENDING_OUTBOX } from './outbox';
import type { Table } from './table';
import type { Transaction } from './transaction';
import { DomainError } from '../domain/errors';

/** Where an event is stored; enough to read it back. */
export interface EventRef {
  readonly enterpriseId: string;
  readonly eventId: string;
  readonly timestamp: string;
}

const toEvent = (item: Record<string, unknown>): DomainEvent => {
  const { dispatchedAt: _dispatched, ...event } = withoutKeys<
    DomainEvent & { dispatchedAt?: string }
  >(item);
  return event;
};

/** An enterprise's events, newest first. */
export async function listEvents(
  table: Table,
  enterpriseId: string,
  page: PageRequest,
): Promise<Page<DomainEvent>> {
  const result = await queryPage(table, {
    ...page,
    partition: `ENT#${enterpriseId}`,
    prefix: keys.eventPrefix,
    newestFirst: true,
  });
  return { ...result, items: result.items.map(toEvent) };
}

export async function getEvent(table: Table, ref: EventRef): Promise<DomainEvent | undefined> {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.event(ref.enterpriseId, ref.timestamp, ref.eventId),
      ConsistentRead: true,
    }),
  );
  return Item && toEvent(Item);
}

/** Events not yet handed to the dispatcher, oldest first. */
export async function pendingEvents(table: Table, limit: number): Promise<EventRef[]> {
  const { Items } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pending',
      ExpressionAttributeValues: { ':pending': PENDING_OUTBOX },
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => ({
    enterpriseId: String(item.enterpriseId),
    eventId: String(item.id),
    timestamp: String(item.timestamp),
  }));
}

export async function isPending(table: Table, ref: EventRef): Promise<boolean> {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.event(ref.enterpriseId, ref.timestamp, ref.eventId),
      ProjectionExpression: 'GSI1PK',
      ConsistentRead: true,
    }),
  );
  return Item?.GSI1PK === PENDING_OUTBOX;
}

/** Takes the event out of the pending outbox, in the transaction that creates its deliveries. */
export function markDispatched(tx: Transaction, ref: EventRef, at: string): void {
  tx.update(
    {
      Key: keys.event(ref.enterpriseId, ref.timestamp, ref.eventId),
      UpdateExpression: 'REMOVE GSI1PK, GSI1SK SET dispatchedAt = :at',
      ConditionExpression: 'GSI1PK = :pending',
      ExpressionAttributeValues: { ':pending': PENDING_OUTBOX, ':at': at },
    },
    () => new DomainError('conflict', 'The event was already dispatched.'),
  );
}
