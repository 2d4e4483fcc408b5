import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DomainError, notFound } from '../domain/errors';
import {
  MAX_ENDPOINTS_PER_ENTERPRISE,
  type WebhookEndpoint,
  type WebhookStatus,
} from '../domain/webhook';
import type { EventType } from '../domain/events';
import { queryPage, type Page, type PageRequest } from './pages';
import { getItem, withoutKeys } from './items';
import type { Table } from './table';
import type { Transaction } from './transaction';

export const webhookKeys = {
  endpoint: (enterpriseId: string, endpointId: string) => ({
    PK: `ENT#${enterpriseId}`,
    SK: `WEBHOOK#${endpointId}`,
  }),
  endpointPrefix: 'WEBHOOK#',
  /** Counts an enterprise's endpoints, so that the bound holds under concurrent creation. */
  counter: (enterpriseId: string) => ({ PK: `ENT#${enterpriseId}`, SK: 'WEBHOOK-COUNT' }),
};

/** A signing secret as stored: sealed, and with the time it stops signing after a rotation. */
export interface StoredSecret {
  readonly sealed: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
}

export interface StoredEndpoint extends WebhookEndpoint {
  readonly secrets: readonly StoredSecret[];
}

export function toEndpoint(stored: StoredEndpoint): WebhookEndpoint {
  const { secrets: _secrets, ...endpoint } = stored;
  return endpoint;
}

/** What a sealed secret is bound to; see `Sealer`. */
export const secretOwner = (enterpriseId: string, endpointId: string) =>
  `webhook:${enterpriseId}:${endpointId}`;

/** `failingSince` is absent from the item while deliveries succeed. */
function fromItem(item: Record<string, unknown>): StoredEndpoint {
  const stored = withoutKeys<StoredEndpoint>(item);
  return { ...stored, failingSince: stored.failingSince ?? null };
}

const notFoundEndpoint = () => notFound('The webhook endpoint');

export async function getEndpoint(
  table: Table,
  enterpriseId: string,
  endpointId: string,
): Promise<StoredEndpoint> {
  const item = await getItem(table, webhookKeys.endpoint(enterpriseId, endpointId));
  if (!item) throw notFoundEndpoint();
  return fromItem(item);
}

export async function listEndpoints(
  table: Table,
  enterpriseId: string,
  page: PageRequest,
): Promise<Page<StoredEndpoint>> {
  const result = await queryPage(table, {
    ...page,
    partition: `ENT#${enterpriseId}`,
    prefix: webhookKeys.endpointPrefix,
  });
  return { ...result, items: result.items.map(fromItem) };
}

/** Every endpoint of the enterprise: one page, since their number is bounded. */
export async function allEndpoints(table: Table, enterpriseId: string): Promise<StoredEndpoint[]> {
  const page = await listEndpoints(table, enterpriseId, { limit: MAX_ENDPOINTS_PER_ENTERPRISE });
  return [...page.items];
}

export function putNewEndpoint(tx: Transaction, endpoint: StoredEndpoint): void {
  tx.update(
    {
      Key: webhookKeys.counter(endpoint.enterpriseId),
      UpdateExpression: 'ADD endpoints :one SET kind = :kind',
      ConditionExpression: 'attribute_not_exists(endpoints) OR endpoints < :max',
      ExpressionAttributeValues: {
        ':one': 1,
        ':max': MAX_ENDPOINTS_PER_ENTERPRISE,
        ':kind': 'webhook-count',
      },
    },
    () =>
      new DomainError(
        'conflict',
        `An enterprise has at most ${MAX_ENDPOINTS_PER_ENTERPRISE} webhook endpoints.`,
        { details: { limit: MAX_ENDPOINTS_PER_ENTERPRISE } },
      ),
  );
  tx.put({
    Item: {
      ...webhookKeys.endpoint(endpoint.enterpriseId, endpoint.id),
      kind: 'webhook',
      ...endpoint,
      failingSince: undefined,
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
}

export function deleteEndpoint(tx: Transaction, endpoint: WebhookEndpoint): void {
  tx.delete(
    {
      Key: webhookKeys.endpoint(endpoint.enterpriseId, endpoint.id),
      ConditionExpression: 'attribute_exists(PK)',
    },
    notFoundEndpoint,
  );
  tx.update({
    Key: webhookKeys.counter(endpoint.enterpriseId),
    UpdateExpression: 'ADD endpoints :minusOne',
    ConditionExpression: 'endpoints > :zero',
    ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
  });
}

export interface EndpointUpdate {
  readonly url?: string;
  readonly eventTypes?: readonly EventType[];
  readonly description?: string | null;
  readonly status?: WebhookStatus;
  readonly disabledReason?: string | null;
  readonly failingSince?: string | null;
  readonly secrets?: readonly StoredSecret[];
}

/**
 * Sets the named attributes if the endpoint is still at `expectedVersion`. Only the attributes
 * named are written, so the dispatcher's own bookkeeping on the item is never overwritten.
 */
export function updateEndpoint(
  tx: Transaction,
  endpoint: WebhookEndpoint,
  changes: EndpointUpdate,
  expectedVersion: number,
  now: string,
): void {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = {
    ':expected': expectedVersion,
    ':next': expectedVersion + 1,
    ':updatedAt': now,
  };
  const sets = ['#version = :next', '#updatedAt = :updatedAt'];
  const removes: string[] = [];
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    // An absent failingSince is what `if_not_exists` in noteDeliveryOutcome looks for.
    if (field === 'failingSince' && value === null) {
      removes.push(`#${field}`);
      continue;
    }
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  const remove = removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : '';
  tx.update(
    {
      Key: webhookKeys.endpoint(endpoint.enterpriseId, endpoint.id),
      UpdateExpression: `SET ${sets.join(', ')}${remove}`,
      ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
    () =>
      new DomainError(
        'precondition-failed',
        'The webhook endpoint was changed since it was read.',
        {
          details: { expectedVersion },
        },
      ),
  );
}

/**
 * Starts or ends the endpoint's run of failures and returns when the run began. Written outside
 * the endpoint's version: it is delivery bookkeeping, and must not make a user's edit stale.
 */
export async function noteDeliveryOutcome(
  table: Table,
  endpoint: Pick<WebhookEndpoint, 'enterpriseId' | 'id'>,
  success: boolean,
  now: string,
): Promise<string | null> {
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: webhookKeys.endpoint(endpoint.enterpriseId, endpoint.id),
        UpdateExpression: success
          ? 'REMOVE failingSince'
          : 'SET failingSince = if_not_exists(failingSince, :now)',
        ConditionExpression: 'attribute_exists(PK)',
        ...(success ? {} : { ExpressionAttributeValues: { ':now': now } }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return (Attributes?.failingSince as string | null | undefined) ?? null;
  } catch (err) {
    // The endpoint was deleted while its delivery was in flight; there is nothing to note.
    if (err instanceof ConditionalCheckFailedException) return null;
    throw err;
  }
}
