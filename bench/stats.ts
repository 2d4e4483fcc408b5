/** Latency samples and the arithmetic the figures need. */
export interface Run {
  readonly latenciesMs: readonly number[];
  readonly elapsedMs: number;
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export const throughput = (run: Run) => (run.latenciesMs.length / run.elapsedMs) * 1000;

/**
 * A closed loop: `concurrency` workers each send one request after another until `requests` have
 * been sent in all. A warm-up of a tenth as many goes first and is not counted.
 */
export async function closedLoop(
  concurrency: number,
  requests: number,
  send: () => Promise<unknown>,
): Promise<Run> {
  await spread(concurrency, Math.ceil(requests / 10), send);
  return spread(concurrency, requests, send);
}

async function spread(
  concurrency: number,
  requests: number,
  send: () => Promise<unknown>,
): Promise<Run> {
  const latenciesMs: number[] = [];
  let remaining = requests;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (remaining > 0) {
        remaining -= 1;
        const t = performance.now();
        await send();
        latenciesMs.push(performance.now() - t);
      }
    }),
  );
  return { latenciesMs, elapsedMs: performance.now() - started };
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
