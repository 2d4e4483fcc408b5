import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Enterprise, ParallelismLimit } from '../domain/enterprise';
import { DomainError } from '../domain/errors';
import { checkLimitChange, usageOf, validateParallelismLimit } from '../domain/gpu-limits';
import { nodesFor, type GpuType, type GpuTypeSpec } from '../domain/gpu-type';
import type { RequestContext } from '../domain/request-context';
import { nodePoolName, type NodePoolState } from '../ports/node-pools';
import { recordAudit } from '../store/audit-log';
import { ENTERPRISE_INDEX, getEnterprise } from '../store/enterprise-store';
import { listGpuTypes, putGpuType } from '../store/gpu-catalogue-store';
import { changeLimit, getReservation, setProfileLimit } from '../store/gpu-reservation-store';
import { withoutKeys } from '../store/items';
import { listPoolReservations } from '../store/node-pool-store';
import { recordEvent } from '../store/outbox';
import { decodeCursor, encodeCursor, type Page } from '../store/page';
import { Transaction } from '../store/transaction';
import type { CoreDependencies } from './dependencies';
import { isContention, isRefusedReservation } from './gpu-reservations';

export async function listEnterprises(
  deps: CoreDependencies,
  limit: number,
  cursor: string | undefined,
): Promise<Page<Enterprise>> {
  const { Items = [], LastEvaluatedKey } = await deps.table.client.send(
    new QueryCommand({
      TableName: deps.table.name,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': ENTERPRISE_INDEX },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, ENTERPRISE_INDEX, 'ENT#', 'GSI1PK'),
    }),
  );
  return {
    items: Items.map((i) => withoutKeys<Enterprise>(i)),
    nextCursor: encodeCursor(LastEvaluatedKey),
  };
}

/**
 * Sets an enterprise's parallelism limit. The reservation item's condition refuses a limit below
 * what is reserved at the moment of writing; the profile shows the same limit, in one transaction.
 */
export async function setParallelismLimit(
  deps: CoreDependencies,
  enterpriseId: string,
  limit: ParallelismLimit,
  context: RequestContext,
): Promise<Enterprise> {
  validateParallelismLimit(limit);
  await checkTypesKnown(deps, Object.keys(limit.perType));
  for (let attempt = 1; ; attempt++) {
    const reservation = await getReservation(deps.table, enterpriseId);
    const refusal = checkLimitChange(limit, reservation.reserved);
    if (refusal) throw refusal;

    const tx = new Transaction(deps.table);
    changeLimit(tx, reservation, limit);
    setProfileLimit(tx, enterpriseId, limit, deps.now().toISOString());
    recordAudit(tx, enterpriseId, context, {
      action: 'enterprise.parallelism-limit-changed',
      target: { type: 'enterprise', id: enterpriseId },
      details: { from: reservation.limit, to: limit },
    });
    recordEvent(tx, enterpriseId, 'quota.changed', {
      reason: 'limit-changed',
      parallelismLimit: limit,
    });
    try {
      await tx.commit();
      return getEnterprise(deps.table, enterpriseId);
    } catch (err) {
      if (attempt < 8 && (isRefusedReservation(err) || isContention(err))) continue;
      throw err;
    }
  }
}

export async function putCatalogueEntry(
  deps: CoreDependencies,
  type: string,
  spec: GpuTypeSpec,
  context: RequestContext,
): Promise<{ gpuType: GpuType; created: boolean }> {
  return putGpuType(deps.table, type, spec, deps.now().toISOString(), context);
}

export interface NodePoolOverview {
  readonly gpuType: string;
  readonly nodegroupName: string;
  readonly instanceType: string;
  readonly reservedGpus: number;
  readonly nodesNeeded: number;
  readonly maxNodes: number;
  readonly nodeGroup: NodePoolState | null;
  readonly backend: 'eks' | 'simulator';
}

/** Per GPU type: what the service has reserved of it, and the node group that serves it. */
export async function nodePoolOverview(deps: CoreDependencies): Promise<NodePoolOverview[]> {
  const [types, reserved] = await Promise.all([
    listGpuTypes(deps.table),
    listPoolReservations(deps.table),
  ]);
  return Promise.all(
    types.map(async (t) => ({
      gpuType: t.type,
      nodegroupName: nodePoolName(t.type),
      instanceType: t.instanceType,
      reservedGpus: reserved[t.type] ?? 0,
      nodesNeeded: nodesFor(reserved[t.type] ?? 0, t),
      maxNodes: t.maxNodes,
      nodeGroup: (await deps.nodePools.describe(nodePoolName(t.type))) ?? null,
      backend: deps.nodePools.kind,
    })),
  );
}

export async function enterpriseUsage(deps: CoreDependencies, enterpriseId: string) {
  const [reservation, types] = await Promise.all([
    getReservation(deps.table, enterpriseId),
    listGpuTypes(deps.table),
  ]);
  const names = new Set([...types.map((t) => t.type), ...Object.keys(reservation.reserved)]);
  return usageOf(reservation.limit, reservation.reserved, [...names].sort());
}

async function checkTypesKnown(deps: CoreDependencies, types: string[]): Promise<void> {
  const known = new Set((await listGpuTypes(deps.table)).map((t) => t.type));
  const fields = types
    .filter((t) => !known.has(t))
    .map((t) => ({ field: `parallelismLimit.perType.${t}`, message: `No GPU type ${t}.` }));
  if (fields.length > 0) {
    throw new DomainError('validation-failed', 'The limit names unknown GPU types.', { fields });
  }
}
