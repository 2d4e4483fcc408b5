import type { ParallelismLimit } from '../domain/enterprise';
import { DomainError, notFound } from '../domain/errors';
import { totalOf, type GpuCounts } from '../domain/gpu-limits';
import { getEnterprise } from './enterprise-store';
import { getItem } from './items';
import { keys } from './keys';
import type { Table } from './table';
import { Transaction } from './transaction';

/**
 * The enterprise's GPU reservation: its parallelism limit and what its clusters hold, in one item,
 * so that a single conditional update can both check the limit and take the GPUs. DynamoDB
 * conditions cannot add, so the writer computes the most that may already be reserved from the
 * limit it read, and the item's `limitVersion` proves the limit is still the one it read.
 */
export interface GpuReservation {
  readonly enterpriseId: string;
  readonly limit: ParallelismLimit;
  readonly limitVersion: number;
  readonly reservedTotal: number;
  readonly reserved: GpuCounts;
  /** False while the enterprise has never reserved and its item does not exist yet. */
  readonly stored: boolean;
}

export const reservationKey = (enterpriseId: string) => ({
  PK: `ENT#${enterpriseId}`,
  SK: 'GPU_RESERVATION',
});

/** Raised inside a transaction when the reservation's condition failed; the service explains it. */
export const RESERVATION_REFUSED = 'reservation-refused';

export async function getReservation(table: Table, enterpriseId: string): Promise<GpuReservation> {
  const item = await getItem(table, reservationKey(enterpriseId));
  if (item) return toReservation(item);
  const enterprise = await getEnterprise(table, enterpriseId);
  return {
    enterpriseId,
    limit: enterprise.parallelismLimit,
    limitVersion: 0,
    reservedTotal: 0,
    reserved: {},
    stored: false,
  };
}

function toReservation(item: Record<string, unknown>): GpuReservation {
  return {
    enterpriseId: String(item.enterpriseId),
    limit: item.limit as ParallelismLimit,
    limitVersion: Number(item.limitVersion),
    reservedTotal: Number(item.reservedTotal),
    reserved: item.reserved as GpuCounts,
    stored: true,
  };
}

const refused = () => new DomainError('quota-exceeded', RESERVATION_REFUSED);

/**
 * Enterprises are created without a reservation item; the first change that reserves GPUs or sets
 * the limit creates it, on the condition that nobody created it in between. Reading never writes.
 */
function createReservation(tx: Transaction, reservation: Omit<GpuReservation, 'stored'>): void {
  tx.put(
    {
      Item: {
        ...reservationKey(reservation.enterpriseId),
        kind: 'gpu-reservation',
        ...reservation,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
    refused,
  );
}

/**
 * Takes `gpus` from the enterprise's limits, if they are free and the limits are still the ones
 * in `read`. A refusal raises `RESERVATION_REFUSED`, for the service to re-read and explain.
 */
export function reserveGpus(tx: Transaction, read: GpuReservation, gpus: GpuCounts): void {
  const n = totalOf(gpus);
  if (!read.stored) {
    const { stored: _stored, ...fresh } = read;
    createReservation(tx, { ...fresh, limitVersion: 1, reservedTotal: n, reserved: gpus });
    return;
  }
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':lv': read.limitVersion,
    ':n': n,
    ':maxTotal': read.limit.total - n,
    ':zero': 0,
  };
  const sets = ['reservedTotal = reservedTotal + :n'];
  const conditions = ['limitVersion = :lv', 'reservedTotal <= :maxTotal'];

  Object.entries(gpus).forEach(([type, count], i) => {
    names[`#t${i}`] = type;
    values[`:c${i}`] = count;
    sets.push(`reserved.#t${i} = if_not_exists(reserved.#t${i}, :zero) + :c${i}`);
    const cap = read.limit.perType[type];
    if (cap !== undefined) {
      values[`:max${i}`] = cap - count;
      conditions.push(`(attribute_not_exists(reserved.#t${i}) OR reserved.#t${i} <= :max${i})`);
    }
  });

  tx.update(
    {
      Key: reservationKey(read.enterpriseId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
    refused,
  );
}

/** Gives `gpus` back. It is the mirror of `reserveGpus` and is always allowed. */
export function releaseGpus(tx: Transaction, enterpriseId: string, gpus: GpuCounts): void {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':n': totalOf(gpus) };
  const sets = ['reservedTotal = reservedTotal - :n'];
  Object.entries(gpus).forEach(([type, count], i) => {
    names[`#t${i}`] = type;
    values[`:c${i}`] = count;
    sets.push(`reserved.#t${i} = reserved.#t${i} - :c${i}`);
  });
  tx.update({
    Key: reservationKey(enterpriseId),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: 'attribute_exists(PK)',
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  });
}

/**
 * Sets a new parallelism limit, if what is reserved is within it at the moment of writing. The
 * condition states the invariant itself, so a reservation landing in between cannot slip past.
 */
export function changeLimit(tx: Transaction, read: GpuReservation, next: ParallelismLimit): void {
  if (!read.stored) {
    const { stored: _stored, ...fresh } = read;
    createReservation(tx, { ...fresh, limit: next, limitVersion: 1 });
    return;
  }
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':limit': next,
    ':one': 1,
    ':total': next.total,
  };
  const conditions = ['reservedTotal <= :total'];
  Object.entries(next.perType).forEach(([type, cap], i) => {
    names[`#t${i}`] = type;
    values[`:cap${i}`] = cap;
    conditions.push(`(attribute_not_exists(reserved.#t${i}) OR reserved.#t${i} <= :cap${i})`);
  });
  tx.update(
    {
      Key: reservationKey(read.enterpriseId),
      UpdateExpression: 'SET #limit = :limit, limitVersion = limitVersion + :one',
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: { ...names, '#limit': 'limit' },
      ExpressionAttributeValues: values,
    },
    refused,
  );
}

/** The limit as the enterprise profile shows it; it moves in the same transaction as the item. */
export function setProfileLimit(
  tx: Transaction,
  enterpriseId: string,
  limit: ParallelismLimit,
  now: string,
): void {
  tx.update(
    {
      Key: keys.enterprise(enterpriseId),
      UpdateExpression: 'SET parallelismLimit = :limit, updatedAt = :now, version = version + :one',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':limit': limit, ':now': now, ':one': 1 },
    },
    () => notFound('The enterprise'),
  );
}
