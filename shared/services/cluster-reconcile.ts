import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { VirtualCluster } from '../domain/cluster';
import { clusterManifests, type IsolationPolicy } from '../kube/cluster-manifests';
import type { Logger } from '../logging/logger';
import type { Kube } from '../ports/kube';
import { listClusters } from '../store/cluster-store';
import { ENTERPRISE_INDEX } from '../store/enterprise-store';
import { listGpuTypes } from '../store/gpu-catalogue-store';
import type { Table } from '../store/table';

export interface ReconcileDependencies {
  readonly table: Table;
  readonly kube: Kube;
  readonly isolation: IsolationPolicy;
  readonly logger: Logger;
}

const PAGE = 100;

/**
 * Applies the full object set of every READY virtual cluster again. Server-side apply under the
 * control plane's field manager makes this a no-op where nothing drifted, and puts back what a
 * tenant deleted or changed (a network policy, a quota). A cluster that fails to apply is logged
 * and the others still run; the next round tries it again.
 */
export async function reconcileClusters(
  deps: ReconcileDependencies,
): Promise<{ applied: number; failed: number }> {
  const catalogue = await listGpuTypes(deps.table);
  let applied = 0;
  let failed = 0;
  for await (const enterpriseId of enterprises(deps.table)) {
    for await (const cluster of readyClusters(deps.table, enterpriseId)) {
      try {
        await deps.kube.apply(clusterManifests(cluster, catalogue, deps.isolation));
        applied++;
      } catch (err) {
        failed++;
        deps.logger.warn('cluster reconcile failed', { clusterId: cluster.id, error: err });
      }
    }
  }
  deps.logger.info('clusters reconciled', { applied, failed });
  return { applied, failed };
}

async function* enterprises(table: Table): AsyncGenerator<string> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': ENTERPRISE_INDEX },
        ProjectionExpression: 'id',
        Limit: PAGE,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) yield String(item.id);
    start = page.LastEvaluatedKey;
  } while (start);
}

async function* readyClusters(table: Table, enterpriseId: string): AsyncGenerator<VirtualCluster> {
  let cursor: string | undefined;
  do {
    const page = await listClusters(table, enterpriseId, PAGE, cursor);
    for (const cluster of page.items) if (cluster.status === 'READY') yield cluster;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
