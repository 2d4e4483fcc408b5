import { availableParallelism } from 'node:os';

/**
 * At most one password hash per spare core runs at a time. scrypt at OWASP cost keeps a core busy
 * for a few hundred milliseconds; unbounded, a burst of sign-ins takes every core and the thread
 * pool, and every other request of the process waits behind them. Bounded, sign-ins queue among
 * themselves and the rest of the API keeps a core.
 */
const slots = Math.max(1, availableParallelism() - 1);
let running = 0;
const waiting: (() => void)[] = [];

export async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  // A released slot passes straight to the next waiter, so `running` never exceeds `slots`.
  if (running < slots) running += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}
