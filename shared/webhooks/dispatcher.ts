import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors';
import type { DomainEvent } from '../domain/events';
import { systemContext } from '../domain/request-context';
import { failingTooLong, nextRetryDelayMs, parseRetryAfter } from '../domain/retry-schedule';
import type { DeliveryAttempt } from '../domain/webhook';
import type { Sealer } from '../identity/sealer';
import type { Logger } from '../logging/logger';
import { embeddedMetrics } from '../logging/metrics';
import { recordAudit } from '../store/audit-log';
import {
  claimDelivery,
  getDelivery,
  putNewDelivery,
  recordAttempt,
  settle,
  type Delivery,
  type DeliveryRef,
} from '../store/delivery-store';
import { getEvent, isPending, markDispatched, type EventRef } from '../store/event-store';
import { recordEvent } from '../store/outbox';
import type { Table } from '../store/table';
import { Transaction } from '../store/transaction';
import {
  allEndpoints,
  getEndpoint,
  noteDeliveryOutcome,
  secretOwner,
  updateEndpoint,
  type StoredEndpoint,
} from '../store/webhook-store';
import type { DispatchMessage } from './dispatch-message';
import type { WebhookSender } from './http-sender';
import { signatureHeader } from './signature';

export interface DispatcherDependencies {
  readonly table: Table;
  readonly sealer: Sealer;
  readonly send: WebhookSender;
  /** Multiplies every retry wait and the five days after which an endpoint is disabled. */
  readonly retryScale: number;
  readonly timeoutMs: number;
  /** Attach CloudWatch embedded metrics (deliveries, failures per endpoint) to attempt lines. */
  readonly emitMetrics: boolean;
  readonly logger: Logger;
  readonly now: () => Date;
}

/**
 * Delivers events to webhook endpoints. Every step reads and writes its state in DynamoDB, so a
 * dispatcher may stop anywhere and another (or the same, restarted) carries on from there.
 */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDependencies) {}

  async handle(message: DispatchMessage, signal?: AbortSignal): Promise<void> {
    if (message.kind === 'event') await this.fanOut(message, signal);
    else await this.attempt(message, signal);
  }

  /**
   * Creates one delivery per endpoint that wants the event and takes the event out of the
   * pending outbox, in one transaction; then makes each first attempt.
   */
  private async fanOut(ref: EventRef, signal?: AbortSignal): Promise<void> {
    const event = await getEvent(this.deps.table, ref);
    if (!event || !(await isPending(this.deps.table, ref))) return;

    const endpoints = await allEndpoints(this.deps.table, ref.enterpriseId);
    const targets = endpoints.filter((endpoint) => wants(endpoint, event));
    const now = this.deps.now().toISOString();
    const deliveries: Delivery[] = targets.map((endpoint) => ({
      enterpriseId: ref.enterpriseId,
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      eventTimestamp: event.timestamp,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    }));

    const tx = new Transaction(this.deps.table);
    for (const delivery of deliveries) putNewDelivery(tx, delivery);
    markDispatched(tx, ref, now);
    try {
      await tx.commit();
    } catch (err) {
      // Another dispatcher fanned this event out first.
      if (err instanceof DomainError && err.code === 'conflict') return;
      throw err;
    }
    this.deps.logger.debug('event dispatched', {
      eventId: event.id,
      enterpriseId: ref.enterpriseId,
      deliveries: deliveries.length,
    });
    await Promise.all(deliveries.map((d) => this.attempt(d, signal)));
  }

  private async attempt(ref: DeliveryRef, signal?: AbortSignal): Promise<void> {
    const { table } = this.deps;
    const delivery = await getDelivery(table, ref);
    const now = this.deps.now();
    if (!delivery || delivery.status !== 'pending' || !delivery.nextAttemptAt) return;
    if (Date.parse(delivery.nextAttemptAt) > now.getTime()) return;

    // The lease outlasts the longest attempt, so a live dispatcher never loses its claim.
    const lease = new Date(now.getTime() + 2 * this.deps.timeoutMs).toISOString();
    if (!(await claimDelivery(table, delivery, lease))) return;
    const claimed: Delivery = { ...delivery, nextAttemptAt: lease };

    const endpoint = await getEndpoint(table, ref.enterpriseId, ref.endpointId).catch(
      (err: unknown) => {
        if (err instanceof DomainError && err.code === 'not-found') return undefined;
        throw err;
      },
    );
    const event = await getEvent(table, {
      enterpriseId: delivery.enterpriseId,
      eventId: delivery.eventId,
      timestamp: delivery.eventTimestamp,
    });
    if (!endpoint || endpoint.status !== 'enabled' || !event) {
      await this.cancel(claimed);
      return;
    }
    await this.deliver(claimed, endpoint, event, signal);
  }

  private async deliver(
    delivery: Delivery,
    endpoint: StoredEndpoint,
    event: DomainEvent,
    signal?: AbortSignal,
  ): Promise<void> {
    const body = JSON.stringify({
      id: event.id,
      type: event.type,
      timestamp: event.timestamp,
      data: event.data,
    });
    const timestamp = Math.floor(this.deps.now().getTime() / 1000);
    const response = await this.deps.send({
      url: endpoint.url,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'vks-webhooks/1',
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(
          this.signingSecrets(endpoint),
          event.id,
          timestamp,
          body,
        ),
      },
      body,
      timeoutMs: this.deps.timeoutMs,
      ...(signal ? { signal } : {}),
    });
    // A stop in the middle of an attempt records nothing; the lease makes it due again.
    if (signal?.aborted) return;

    const now = this.deps.now();
    const success =
      response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
    const gone = response.statusCode === 410;
    const attempt: DeliveryAttempt = {
      id: randomUUID(),
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.type,
      attempt: delivery.attempts + 1,
      at: now.toISOString(),
      success,
      statusCode: response.statusCode,
      durationMs: response.durationMs,
      error: response.error,
    };
    const delay =
      success || gone
        ? undefined
        : nextRetryDelayMs({
            attemptsMade: attempt.attempt,
            scale: this.deps.retryScale,
            retryAfterSeconds: parseRetryAfter(response.retryAfter, now),
          });

    const tx = new Transaction(this.deps.table);
    recordAttempt(tx, delivery, attempt, {
      status: success ? 'succeeded' : delay === undefined ? 'failed' : 'pending',
      nextAttemptAt: delay === undefined ? null : new Date(now.getTime() + delay).toISOString(),
    });
    await tx.commit();
    this.deps.logger.info('webhook attempt', {
      enterpriseId: endpoint.enterpriseId,
      endpointId: endpoint.id,
      eventId: event.id,
      attempt: attempt.attempt,
      success,
      statusCode: attempt.statusCode,
      error: attempt.error,
      ...(delay === undefined ? {} : { retryInMs: delay }),
      ...(this.deps.emitMetrics
        ? embeddedMetrics(
            { WebhookEndpoint: endpoint.id },
            {
              Deliveries: { value: 1, unit: 'Count' },
              DeliveryFailures: { value: success ? 0 : 1, unit: 'Count' },
              DeliveryDuration: { value: attempt.durationMs, unit: 'Milliseconds' },
            },
          )
        : {}),
    });

    const failingSince = await noteDeliveryOutcome(this.deps.table, endpoint, success, attempt.at);
    if (gone) {
      await this.disable(endpoint, 'The receiver answered 410 Gone.');
    } else if (!success && failingTooLong(failingSince, now, this.deps.retryScale)) {
      await this.disable(endpoint, 'Every delivery failed for 5 days.');
    }
  }

  /** The secrets that sign now: the current one and, for a day after a rotation, the one before. */
  private signingSecrets(endpoint: StoredEndpoint): string[] {
    const now = this.deps.now().getTime();
    return endpoint.secrets
      .filter((s) => s.expiresAt === null || Date.parse(s.expiresAt) > now)
      .map((s) => this.deps.sealer.open(s.sealed, secretOwner(endpoint.enterpriseId, endpoint.id)));
  }

  private async cancel(delivery: Delivery): Promise<void> {
    const tx = new Transaction(this.deps.table);
    settle(
      tx,
      delivery,
      { status: 'cancelled', nextAttemptAt: null },
      this.deps.now().toISOString(),
    );
    await tx.commit();
  }

  /** Disables the endpoint and tells the enterprise with a `webhook.disabled` event. */
  private async disable(endpoint: StoredEndpoint, reason: string): Promise<void> {
    // A user's edit at the same moment makes the version stale; read again and retry.
    for (let round = 0; round < 3; round++) {
      const current = await getEndpoint(this.deps.table, endpoint.enterpriseId, endpoint.id).catch(
        () => undefined,
      );
      if (!current || current.status !== 'enabled') return;
      try {
        await this.commitDisable(current, reason);
        return;
      } catch (err) {
        if (!(err instanceof DomainError && err.code === 'precondition-failed')) throw err;
      }
    }
  }

  private async commitDisable(endpoint: StoredEndpoint, reason: string): Promise<void> {
    const now = this.deps.now();
    const tx = new Transaction(this.deps.table);
    updateEndpoint(
      tx,
      endpoint,
      { status: 'disabled', disabledReason: reason },
      endpoint.version,
      now.toISOString(),
    );
    recordAudit(tx, endpoint.enterpriseId, systemContext(`dispatch-${randomUUID()}`), {
      action: 'webhook.disabled',
      target: { type: 'webhook', id: endpoint.id },
      details: { reason },
    });
    recordEvent(
      tx,
      endpoint.enterpriseId,
      'webhook.disabled',
      { endpointId: endpoint.id, url: endpoint.url, reason },
      now,
    );
    await tx.commit();
    this.deps.logger.warn('webhook endpoint disabled', {
      enterpriseId: endpoint.enterpriseId,
      endpointId: endpoint.id,
      reason,
    });
  }
}

/** A `webhook.test` event goes to the one endpoint it names; any other to its subscribers. */
function wants(endpoint: StoredEndpoint, event: DomainEvent): boolean {
  if (event.type === 'webhook.test') return event.data.endpointId === endpoint.id;
  return endpoint.status === 'enabled' && endpoint.eventTypes.includes(event.type);
}
