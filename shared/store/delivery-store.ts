import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventType } from '../domain/events';
import type { DeliveryAttempt, DeliveryStatus } from '../domain/webhook';
import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  type Page,
  type PageRequest,
} from './cursor';
import { getItem, withoutKeys } from './items';
import type { Table } from './table';
import type { Transaction } from './transaction';

/**
 * The state of delivering one event to one endpoint. While it is pending it sits in the sparse
 * GSI1 partition below, sorted by when it is due, so that any dispatcher (after a restart too)
 * finds what to send next without a Scan.
 */
export const DUE_DELIVERIES = 'WEBHOOK#due';

export interface Delivery {
  readonly enterpriseId: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: EventType;
  readonly eventTimestamp: string;
  readonly status: DeliveryStatus;
  /** Attempts made so far. */
  readonly attempts: number;
  /** When the next attempt is due, or until when a dispatcher holds it; `null` once settled. */
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DeliveryRef {
  readonly enterpriseId: string;
  readonly endpointId: string;
  readonly eventId: string;
}

export const deliveryKeys = {
  delivery: (ref: DeliveryRef) => ({
    PK: `ENT#${ref.enterpriseId}`,
    SK: `WHDELIVERY#${ref.endpointId}#${ref.eventId}`,
  }),
  attempt: (enterpriseId: string, endpointId: string, at: string, attemptId: string) => ({
    PK: `ENT#${enterpriseId}`,
    SK: `WHATTEMPT#${endpointId}#${at}#${attemptId}`,
  }),
  attemptPrefix: (endpointId: string) => `WHATTEMPT#${endpointId}#`,
};

const dueKey = (ref: DeliveryRef, at: string) =>
  `${at}#${ref.enterpriseId}#${ref.endpointId}#${ref.eventId}`;

export function putNewDelivery(tx: Transaction, delivery: Delivery): void {
  tx.put({
    Item: {
      ...deliveryKeys.delivery(delivery),
      kind: 'webhook-delivery',
      ...delivery,
      GSI1PK: DUE_DELIVERIES,
      GSI1SK: dueKey(delivery, delivery.nextAttemptAt ?? delivery.createdAt),
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
}

export async function getDelivery(table: Table, ref: DeliveryRef): Promise<Delivery | undefined> {
  const item = await getItem(table, deliveryKeys.delivery(ref));
  return item && withoutKeys<Delivery>(item);
}

/** Deliveries due by `now`, soonest first. */
export async function dueDeliveries(
  table: Table,
  now: Date,
  limit: number,
): Promise<DeliveryRef[]> {
  const { Items } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :due AND GSI1SK <= :bound',
      ExpressionAttributeValues: { ':due': DUE_DELIVERIES, ':bound': `${now.toISOString()}~` },
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => ({
    enterpriseId: String(item.enterpriseId),
    endpointId: String(item.endpointId),
    eventId: String(item.eventId),
  }));
}

/**
 * Takes the delivery for one attempt by moving its due time to the end of a lease. Only one
 * dispatcher wins; if it dies mid-attempt the delivery is due again when the lease ends.
 */
export async function claimDelivery(
  table: Table,
  delivery: Delivery,
  leaseUntil: string,
): Promise<boolean> {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: deliveryKeys.delivery(delivery),
        UpdateExpression: 'SET nextAttemptAt = :lease, GSI1SK = :dueKey',
        ConditionExpression: '#status = :pending AND nextAttemptAt = :seen',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':lease': leaseUntil,
          ':dueKey': dueKey(delivery, leaseUntil),
          ':pending': 'pending',
          ':seen': delivery.nextAttemptAt,
        },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/**
 * Writes the attempt to the delivery log and moves the delivery on, in one transaction: retried
 * at `nextAttemptAt`, or settled and out of the due index.
 */
export function recordAttempt(
  tx: Transaction,
  delivery: Delivery,
  attempt: DeliveryAttempt,
  next: { status: DeliveryStatus; nextAttemptAt: string | null },
): void {
  tx.put({
    Item: {
      ...deliveryKeys.attempt(delivery.enterpriseId, delivery.endpointId, attempt.at, attempt.id),
      kind: 'webhook-attempt',
      enterpriseId: delivery.enterpriseId,
      ...attempt,
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
  settle(tx, delivery, next, attempt.at, attempt.attempt);
}

export function settle(
  tx: Transaction,
  delivery: Delivery,
  next: { status: DeliveryStatus; nextAttemptAt: string | null },
  now: string,
  attempts = delivery.attempts,
): void {
  const due = next.status === 'pending' && next.nextAttemptAt;
  tx.update({
    Key: deliveryKeys.delivery(delivery),
    UpdateExpression: due
      ? 'SET #status = :status, attempts = :attempts, nextAttemptAt = :next, updatedAt = :now, GSI1SK = :dueKey'
      : 'SET #status = :status, attempts = :attempts, nextAttemptAt = :next, updatedAt = :now REMOVE GSI1PK, GSI1SK',
    ConditionExpression: '#status = :pending',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':status': next.status,
      ':attempts': attempts,
      ':next': next.nextAttemptAt,
      ':now': now,
      ':pending': 'pending',
      ...(due ? { ':dueKey': dueKey(delivery, next.nextAttemptAt!) } : {}),
    },
  });
}

/** The delivery log of one endpoint, newest attempt first. */
export async function listAttempts(
  table: Table,
  enterpriseId: string,
  endpointId: string,
  page: PageRequest,
): Promise<Page<DeliveryAttempt>> {
  const partition = `ENT#${enterpriseId}`;
  const prefix = deliveryKeys.attemptPrefix(endpointId);
  const { Items, LastEvaluatedKey } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
      ScanIndexForward: false,
      Limit: page.limit ?? DEFAULT_PAGE_SIZE,
      ExclusiveStartKey: decodeCursor(page.cursor, partition, prefix),
      ConsistentRead: true,
    }),
  );
  const nextCursor = encodeCursor(LastEvaluatedKey);
  return {
    items: (Items ?? []).map((item) => {
      const { enterpriseId: _e, ...attempt } = withoutKeys<
        DeliveryAttempt & { enterpriseId: string }
      >(item);
      return attempt;
    }),
    ...(nextCursor ? { nextCursor } : {}),
  };
}
