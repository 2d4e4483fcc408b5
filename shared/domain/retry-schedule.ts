/**
 * When a failed delivery is tried again. The first attempt is immediate; these are the waits
 * after each failure, the schedule receivers of Standard Webhooks senders expect.
 */
export const RETRY_DELAYS_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;

export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** An endpoint whose deliveries have failed without a single success this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 60 * 60 * 1000;

/** A `Retry-After` is honoured up to the longest wait of the schedule, and no further. */
const MAX_WAIT_MS = 36_000 * 1000;

export interface RetryInput {
  /** Attempts already made, the failed one included. */
  readonly attemptsMade: number;
  /** Multiplies every wait; 1 in production, small in local runs so that tests are fast. */
  readonly scale: number;
  /** What the receiver's `Retry-After` asked for, in seconds. */
  readonly retryAfterSeconds?: number | undefined;
  readonly random?: () => number;
}

/**
 * Milliseconds until the next attempt, or `undefined` when the schedule is used up. The wait is
 * spread by ±20 % so that many deliveries failing together do not come back together.
 */
export function nextRetryDelayMs(input: RetryInput): number | undefined {
  const base = RETRY_DELAYS_SECONDS[input.attemptsMade - 1];
  if (base === undefined) return undefined;

  const random = input.random ?? Math.random;
  const jittered = base * 1000 * (0.8 + 0.4 * random());
  const asked = Math.min((input.retryAfterSeconds ?? 0) * 1000, MAX_WAIT_MS);
  return Math.round(Math.max(jittered, asked) * input.scale);
}

export function failingTooLong(failingSince: string | null, now: Date, scale: number): boolean {
  if (!failingSince) return false;
  return now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_FAILING_MS * scale;
}

/** `Retry-After` is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
