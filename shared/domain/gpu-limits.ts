import type { ParallelismLimit } from './enterprise';
import { DomainError } from './errors';

/** GPUs per GPU type id, e.g. `{ h100: 8, a10g: 2 }`. Types at zero are left out. */
export type GpuCounts = Readonly<Record<string, number>>;

export const totalOf = (counts: GpuCounts): number =>
  Object.values(counts).reduce((sum, n) => sum + n, 0);

export function withoutZeros(counts: GpuCounts): GpuCounts {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

/** `a - b` per type, keeping only what is positive. */
export function excess(a: GpuCounts, b: GpuCounts): GpuCounts {
  return withoutZeros(
    Object.fromEntries(Object.entries(a).map(([type, n]) => [type, n - (b[type] ?? 0)])),
  );
}

/** The larger of the two per type. */
export function union(a: GpuCounts, b: GpuCounts): GpuCounts {
  const types = new Set([...Object.keys(a), ...Object.keys(b)]);
  return withoutZeros(
    Object.fromEntries([...types].map((t) => [t, Math.max(a[t] ?? 0, b[t] ?? 0)])),
  );
}

export interface UsageLine {
  readonly limit: number | null;
  readonly reserved: number;
  readonly free: number | null;
}

export interface Usage {
  readonly total: { readonly limit: number; readonly reserved: number; readonly free: number };
  readonly perType: Readonly<Record<string, UsageLine>>;
}

/** Limits, reservations and what is free, per type; a type with no cap of its own shows `null`. */
export function usageOf(limit: ParallelismLimit, reserved: GpuCounts, types: string[]): Usage {
  const reservedTotal = totalOf(reserved);
  const totalFree = Math.max(0, limit.total - reservedTotal);
  const perType = Object.fromEntries(
    types.map((type) => {
      const cap = limit.perType[type];
      const held = reserved[type] ?? 0;
      const free = cap === undefined ? totalFree : Math.min(totalFree, Math.max(0, cap - held));
      return [type, { limit: cap ?? null, reserved: held, free }];
    }),
  );
  return { total: { limit: limit.total, reserved: reservedTotal, free: totalFree }, perType };
}

/** The refusal for a request that would take more than a limit allows. */
export function quotaExceeded(
  scope: string,
  limit: number,
  reserved: number,
  requested: number,
): DomainError {
  return new DomainError(
    'quota-exceeded',
    `This needs ${requested} more GPUs (${scope}), but ${reserved} of the limit of ${limit} ` +
      `are reserved. Free GPUs by deleting or shrinking a virtual cluster, or ask the platform ` +
      `operator for a higher parallelism limit.`,
    { details: { scope, limit, reserved, requested } },
  );
}

/**
 * Checks a reservation of `requested` on top of `reserved` against `limit`; the first limit that
 * would be exceeded is named. The store enforces the same rule with conditions; this gives the
 * refusal its numbers.
 */
export function checkReservation(
  limit: ParallelismLimit,
  reserved: GpuCounts,
  requested: GpuCounts,
): DomainError | undefined {
  const wanted = totalOf(requested);
  if (totalOf(reserved) + wanted > limit.total) {
    return quotaExceeded('total', limit.total, totalOf(reserved), wanted);
  }
  for (const [type, n] of Object.entries(requested)) {
    const cap = limit.perType[type];
    if (cap !== undefined && (reserved[type] ?? 0) + n > cap) {
      return quotaExceeded(type, cap, reserved[type] ?? 0, n);
    }
  }
  return undefined;
}

/**
 * A parallelism limit below what is already reserved is refused: the clusters holding the GPUs
 * would otherwise be over a limit nobody can enforce any more.
 */
export function checkLimitChange(
  next: ParallelismLimit,
  reserved: GpuCounts,
): DomainError | undefined {
  const scopes: [string, number, number][] = [
    ['total', next.total, totalOf(reserved)],
    ...Object.entries(next.perType).map(([type, cap]): [string, number, number] => [
      type,
      cap,
      reserved[type] ?? 0,
    ]),
  ];
  const below = scopes.find(([, cap, held]) => cap < held);
  if (!below) return undefined;
  const [scope, cap, held] = below;
  return new DomainError(
    'quota-exceeded',
    `The limit (${scope}) cannot go to ${cap}: ${held} GPUs are reserved. Clusters must be ` +
      'shrunk or deleted first.',
    { details: { scope, limit: cap, reserved: held, requested: cap } },
  );
}

export function validateParallelismLimit(limit: ParallelismLimit): void {
  const fields = Object.entries(limit.perType)
    .filter(([, n]) => n > limit.total)
    .map(([type]) => ({
      field: `parallelismLimit.perType.${type}`,
      message: 'A per-type limit cannot exceed the total.',
    }));
  if (fields.length > 0) {
    throw new DomainError('validation-failed', 'The parallelism limit is not consistent.', {
      fields,
    });
  }
}
