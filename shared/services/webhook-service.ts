import { DomainError } from '../domain/errors';
import type { DomainEvent, EventType } from '../domain/events';
import { newId } from '../domain/ids';
import type { RequestContext } from '../domain/request-context';
import { ROTATION_OVERLAP_MS, type WebhookEndpoint } from '../domain/webhook';
import { recordAudit } from '../store/audit-log';
import { recordEvent } from '../store/outbox';
import { Transaction } from '../store/transaction';
import {
  deleteEndpoint,
  getEndpoint,
  putNewEndpoint,
  secretOwner,
  toEndpoint,
  updateEndpoint,
  webhookKeys,
  type EndpointUpdate,
  type StoredEndpoint,
} from '../store/webhook-store';
import { checkDestination, DestinationRefusedError } from '../webhooks/destination-policy';
import { newSigningSecret } from '../webhooks/signature';
import type { CoreDependencies } from './dependencies';

export interface NewWebhook {
  readonly url: string;
  readonly eventTypes: readonly EventType[];
  readonly description?: string | undefined;
}

export interface WebhookChangesInput {
  readonly url?: string | undefined;
  readonly eventTypes?: readonly EventType[] | undefined;
  readonly description?: string | null | undefined;
  readonly enabled?: boolean | undefined;
}

/** An endpoint with the signing secret that only its creation and a rotation ever show. */
export interface WebhookWithSecret {
  readonly endpoint: WebhookEndpoint;
  readonly secret: string;
}

export async function createWebhook(
  deps: CoreDependencies,
  enterpriseId: string,
  input: NewWebhook,
  context: RequestContext,
): Promise<WebhookWithSecret> {
  await vetUrl(deps, input.url);
  const now = deps.now().toISOString();
  const id = newId('wh');
  const secret = newSigningSecret();
  const stored: StoredEndpoint = {
    id,
    enterpriseId,
    url: input.url,
    eventTypes: unique(input.eventTypes),
    description: input.description ?? null,
    status: 'enabled',
    disabledReason: null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
    secrets: [
      {
        sealed: deps.webhooks.sealer.seal(secret, secretOwner(enterpriseId, id)),
        createdAt: now,
        expiresAt: null,
      },
    ],
  };

  const tx = new Transaction(deps.table);
  putNewEndpoint(tx, stored);
  recordAudit(tx, enterpriseId, context, {
    action: 'webhook.created',
    target: { type: 'webhook', id },
    details: { url: stored.url, eventTypes: stored.eventTypes },
  });
  await tx.commit();
  return { endpoint: toEndpoint(stored), secret };
}

export async function updateWebhook(
  deps: CoreDependencies,
  enterpriseId: string,
  endpointId: string,
  input: WebhookChangesInput,
  expectedVersion: number | undefined,
  context: RequestContext,
): Promise<WebhookEndpoint> {
  if (input.url !== undefined) await vetUrl(deps, input.url);
  const current = await getEndpoint(deps.table, enterpriseId, endpointId);
  const version = expectedVersion ?? current.version;

  const changes: EndpointUpdate = {
    url: input.url,
    eventTypes: input.eventTypes && unique(input.eventTypes),
    description: input.description,
    ...enabling(current, input.enabled),
  };
  const now = deps.now().toISOString();
  const tx = new Transaction(deps.table);
  updateEndpoint(tx, current, changes, version, now);
  recordAudit(tx, enterpriseId, context, {
    action: 'webhook.updated',
    target: { type: 'webhook', id: endpointId },
    details: {
      fields: Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined),
    },
  });
  await tx.commit();

  const next = { ...current, ...changes, updatedAt: now, version: version + 1 };
  return toEndpoint({ ...next, failingSince: next.failingSince ?? null } as StoredEndpoint);
}

/** Re-enabling starts afresh: the old run of failures no longer counts towards disabling. */
function enabling(current: WebhookEndpoint, enabled: boolean | undefined): EndpointUpdate {
  if (enabled === undefined || enabled === (current.status === 'enabled')) return {};
  return enabled
    ? { status: 'enabled', disabledReason: null, failingSince: null }
    : { status: 'disabled', disabledReason: 'Disabled through the API.' };
}

export async function deleteWebhook(
  deps: CoreDependencies,
  enterpriseId: string,
  endpointId: string,
  context: RequestContext,
): Promise<void> {
  const current = await getEndpoint(deps.table, enterpriseId, endpointId);
  const tx = new Transaction(deps.table);
  deleteEndpoint(tx, current);
  recordAudit(tx, enterpriseId, context, {
    action: 'webhook.deleted',
    target: { type: 'webhook', id: endpointId },
    details: { url: current.url },
  });
  await tx.commit();
}

/**
 * A new signing secret. The one it replaces goes on signing for 24 hours, so each delivery
 * carries both signatures and a receiver can switch at its own pace; any older one stops now.
 */
export async function rotateWebhookSecret(
  deps: CoreDependencies,
  enterpriseId: string,
  endpointId: string,
  context: RequestContext,
): Promise<WebhookWithSecret> {
  const current = await getEndpoint(deps.table, enterpriseId, endpointId);
  const now = deps.now();
  const secret = newSigningSecret();
  const previous = current.secrets.find((s) => s.expiresAt === null);
  const secrets = [
    {
      sealed: deps.webhooks.sealer.seal(secret, secretOwner(enterpriseId, endpointId)),
      createdAt: now.toISOString(),
      expiresAt: null,
    },
    ...(previous
      ? [{ ...previous, expiresAt: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString() }]
      : []),
  ];

  const tx = new Transaction(deps.table);
  updateEndpoint(tx, current, { secrets }, current.version, now.toISOString());
  recordAudit(tx, enterpriseId, context, {
    action: 'webhook.secret_rotated',
    target: { type: 'webhook', id: endpointId },
  });
  await tx.commit();
  const endpoint = toEndpoint({
    ...current,
    updatedAt: now.toISOString(),
    version: current.version + 1,
  });
  return { endpoint, secret };
}

/** Queues a `webhook.test` event for this endpoint alone. */
export async function sendTestEvent(
  deps: CoreDependencies,
  enterpriseId: string,
  endpointId: string,
  context: RequestContext,
): Promise<DomainEvent> {
  const endpoint = await getEndpoint(deps.table, enterpriseId, endpointId);
  if (endpoint.status !== 'enabled') {
    throw new DomainError('conflict', 'The endpoint is disabled; enable it before testing.', {
      details: { disabledReason: endpoint.disabledReason },
    });
  }
  const tx = new Transaction(deps.table);
  tx.check(
    {
      Key: webhookKeys.endpoint(enterpriseId, endpointId),
      ConditionExpression: '#status = :enabled',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':enabled': 'enabled' },
    },
    () => new DomainError('conflict', 'The endpoint was disabled or deleted meanwhile.'),
  );
  const event = recordEvent(tx, enterpriseId, 'webhook.test', {
    endpointId,
    message: 'This is a test delivery asked for through the API.',
  });
  recordAudit(tx, enterpriseId, context, {
    action: 'webhook.tested',
    target: { type: 'webhook', id: endpointId },
    details: { eventId: event.id },
  });
  await tx.commit();
  return event;
}

async function vetUrl(deps: CoreDependencies, url: string): Promise<void> {
  try {
    await checkDestination(url, deps.webhooks.destinations);
  } catch (err) {
    if (!(err instanceof DestinationRefusedError)) throw err;
    throw new DomainError('validation-failed', 'The webhook URL is not allowed.', {
      fields: [{ field: 'url', message: err.message }],
      cause: err,
    });
  }
}

const unique = (types: readonly EventType[]) => [...new Set(types)];
