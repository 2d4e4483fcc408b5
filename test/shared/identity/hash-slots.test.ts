import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { withHashSlot } from '../../../shared/identity/hash-slots';

describe('password hash slots', () => {
  it('runs at most one hash per spare core at a time, and every queued one eventually', async () => {
    const slots = Math.max(1, availableParallelism() - 1);
    let running = 0;
    let most = 0;
    const done = await Promise.all(
      Array.from({ length: slots * 4 }, (_, i) =>
        withHashSlot(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
          return i;
        }),
      ),
    );
    expect(most).toBe(slots);
    expect(done).toHaveLength(slots * 4);
  });

  it('frees the slot when the work fails', async () => {
    await expect(withHashSlot(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withHashSlot(async () => 'next')).resolves.toBe('next');
  });
});
