import type { EventType } from './events';

export type WebhookStatus = 'enabled' | 'disabled';

/** A receiver an enterprise registered for some event types. Its signing secrets never leave it. */
export interface WebhookEndpoint {
  readonly id: string;
  readonly enterpriseId: string;
  readonly url: string;
  readonly eventTypes: readonly EventType[];
  readonly description: string | null;
  readonly status: WebhookStatus;
  /** Why the endpoint was disabled, when it is; `null` while enabled. */
  readonly disabledReason: string | null;
  /** When the current run of failed deliveries began; `null` after a success. */
  readonly failingSince: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export type WebhookChanges = Partial<{
  url: string;
  eventTypes: readonly EventType[];
  description: string | null;
  enabled: boolean;
}>;

/** Standard Webhooks secrets: this prefix, then the base64 of the key bytes. */
export const SECRET_PREFIX = 'whsec_';
export const SECRET_BYTES = 32;

/** The bound on endpoints per enterprise keeps every fan-out inside one DynamoDB transaction. */
export const MAX_ENDPOINTS_PER_ENTERPRISE = 20;

/** After a rotation the previous secret keeps signing this long, so receivers switch calmly. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

/** One HTTP attempt to deliver one event to one endpoint, as the delivery log shows it. */
export interface DeliveryAttempt {
  readonly id: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: EventType;
  /** 1 for the first attempt of the event at this endpoint, 2 for the first retry, ... */
  readonly attempt: number;
  readonly at: string;
  readonly success: boolean;
  /** The receiver's status code; `null` when no response came (refused, timeout, network). */
  readonly statusCode: number | null;
  readonly durationMs: number;
  readonly error: string | null;
}
