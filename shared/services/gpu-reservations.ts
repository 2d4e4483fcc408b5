import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../domain/errors';
import { checkReservation, type GpuCounts } from '../domain/gpu-limits';
import {
  getReservation,
  RESERVATION_REFUSED,
  type GpuReservation,
} from '../store/gpu-reservation-store';
import type { Table } from '../store/table';
import type { Transaction } from '../store/transaction';

const MAX_ATTEMPTS = 8;

/**
 * Runs a change that reserves GPUs: `build` adds the change and the reservation (from the
 * reservation just read) to a transaction. When the reservation's condition fails the numbers are
 * read again: over a limit is refused with them, otherwise the limit moved in between or GPUs were
 * released, and the change is tried again. The database's condition, not this loop, keeps the
 * invariant; the loop only decides what to tell the caller.
 */
export async function withReservation<T>(
  table: Table,
  enterpriseId: string,
  requested: GpuCounts,
  build: (reservation: GpuReservation) => { tx: Transaction; result: T },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const reservation = await getReservation(table, enterpriseId);
    const refusal = checkReservation(reservation.limit, reservation.reserved, requested);
    if (refusal) throw refusal;

    const { tx, result } = build(reservation);
    try {
      await tx.commit();
      return result;
    } catch (err) {
      if (attempt < MAX_ATTEMPTS && (isRefusedReservation(err) || isContention(err))) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
        continue;
      }
      if (isRefusedReservation(err)) {
        throw new DomainError('conflict', 'The GPU limits kept changing; retry.', { cause: err });
      }
      throw err;
    }
  }
}

export function isRefusedReservation(err: unknown): boolean {
  return (
    err instanceof DomainError &&
    err.code === 'quota-exceeded' &&
    err.message === RESERVATION_REFUSED
  );
}

/** Cancelled only because other transactions held the same items: nothing was written. */
export function isContention(err: unknown): boolean {
  const cause = err instanceof DomainError ? err.cause : err;
  if (!(cause instanceof TransactionCanceledException)) return false;
  const reasons = cause.CancellationReasons ?? [];
  return (
    reasons.some((r) => r.Code === 'TransactionConflict') &&
    reasons.every((r) => r.Code === 'TransactionConflict' || r.Code === 'None')
  );
}
