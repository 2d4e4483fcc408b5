import { describe, expect, it } from 'vitest';
import {
  failingTooLong,
  MAX_ATTEMPTS,
  nextRetryDelayMs,
  parseRetryAfter,
} from '../../../shared/domain/retry-schedule';

describe('nextRetryDelayMs', () => {
  it.each([
    [1, 5],
    [2, 300],
    [3, 1800],
    [4, 7200],
    [5, 18_000],
    [6, 36_000],
    [7, 36_000],
  ])('after attempt %i waits about %i s, spread by 20 %%', (attemptsMade, seconds) => {
    const low = nextRetryDelayMs({ attemptsMade, scale: 1, random: () => 0 });
    const high = nextRetryDelayMs({ attemptsMade, scale: 1, random: () => 1 });
    expect(low).toBe(seconds * 800);
    expect(high).toBe(seconds * 1200);
  });

  it('gives up after the eighth attempt', () => {
    expect(MAX_ATTEMPTS).toBe(8);
    expect(nextRetryDelayMs({ attemptsMade: 8, scale: 1 })).toBeUndefined();
  });

  it('scales every wait, 5 minutes into 300 ms at 0.001', () => {
    expect(nextRetryDelayMs({ attemptsMade: 2, scale: 0.001, random: () => 0.5 })).toBe(300);
  });

  it('waits at least what Retry-After asks, up to 10 hours', () => {
    expect(
      nextRetryDelayMs({ attemptsMade: 1, scale: 1, retryAfterSeconds: 120, random: () => 0.5 }),
    ).toBe(120_000);
    expect(
      nextRetryDelayMs({
        attemptsMade: 1,
        scale: 1,
        retryAfterSeconds: 10 ** 9,
        random: () => 0.5,
      }),
    ).toBe(36_000_000);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('failingTooLong', () => {
  const since = '2030-01-01T00:00:00.000Z';
  it('disables after 5 days of failures, scaled', () => {
    expect(failingTooLong(since, new Date('2030-01-05T23:59:59Z'), 1)).toBe(false);
    expect(failingTooLong(since, new Date('2030-01-06T00:00:00Z'), 1)).toBe(true);
    expect(failingTooLong(since, new Date('2030-01-01T00:07:12Z'), 0.001)).toBe(true);
    expect(failingTooLong(null, new Date('2031-01-01T00:00:00Z'), 1)).toBe(false);
  });
});
