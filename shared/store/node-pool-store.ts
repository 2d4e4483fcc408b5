import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { GpuCounts } from '../domain/gpu-limits';
import { getItem } from './items';
import type { Table } from './table';
import type { Transaction } from './transaction';

/**
 * GPUs reserved per GPU type over the whole service: the size a node pool must be able to reach.
 * Each cluster's share is recorded on the cluster (`poolGpus`) and moved in the same transaction
 * as these counters, so a workflow step that runs twice counts once.
 */
const NODE_POOLS = 'NODEPOOL';
const poolKey = (type: string) => ({ PK: NODE_POOLS, SK: `NODEPOOL#${type}` });

export function adjustPoolReservations(tx: Transaction, delta: GpuCounts): void {
  for (const [type, gpus] of Object.entries(delta)) {
    if (gpus === 0) continue;
    tx.update({
      Key: poolKey(type),
      UpdateExpression: 'SET kind = :kind, gpuType = :type ADD reservedGpus :gpus',
      ExpressionAttributeValues: { ':kind': 'node-pool', ':type': type, ':gpus': gpus },
    });
  }
}

export async function poolReservation(table: Table, type: string): Promise<number> {
  const item = await getItem(table, poolKey(type));
  return Number(item?.reservedGpus ?? 0);
}

export async function listPoolReservations(table: Table): Promise<GpuCounts> {
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': NODE_POOLS },
    }),
  );
  return Object.fromEntries(Items.map((i) => [String(i.gpuType), Number(i.reservedGpus ?? 0)]));
}
