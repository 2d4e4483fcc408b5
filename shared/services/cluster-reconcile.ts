import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { VirtualCluster } from '../domain/cluster';
import { clusterManifests, type IsolationPolicy } from '../kube/cluster-manifests';
import { platformManifests } from '../kube/platform-manifests';
import type { Logger } from '../logging/logger';
import type { Kube } from '../ports/kube';
import { listClusters } from '../store/cluster-store';
import { ENTERPRISE_INDEX } from '../store/enterprise-store';
import { listGpuTypes } from '../store/gpu-catalogue-store';
import type { Table } from '../store/table';
import {
  reconcileClusterExports,
  type ExportReconcileDependencies,
} from './service-export-reconcile';

export interface ReconcileDependencies extends ExportReconcileDependencies {
  readonly table: Table;
  readonly kube: Kube;
  readonly isolation: IsolationPolicy;
  readonly logger: Logger;
}

/**
 * The platform's own objects go first: the ServiceExporter CRD must exist before any cluster's
 * exporters can be listed. They are applied from the control plane's identity on every round, so
 * a fresh shared cluster gets them from the first round after deployment.
 */
async function reconcilePlatform(deps: ReconcileDependencies): Promise<void> {
  await deps.kube.apply(platformManifests(deps.ingressClass));
}

const PAGE = 100;

/**
 * Applies the platform's objects and the full object set of every READY virtual cluster again,
 * and reconciles each cluster's service exports. Server-side apply under the
 * control plane's field manager makes this a no-op where nothing drifted, and puts back what a
 * tenant deleted or changed (a network policy, a quota). A cluster that fails to apply is logged
 * and the others still run; the next round tries it again.
 */
export async function reconcileClusters(
  deps: ReconcileDependencies,
): Promise<{ applied: number; failed: number }> {
  await reconcilePlatform(deps);
  const catalogue = await listGpuTypes(deps.table);
  let applied = 0;
  let failed = 0;
  for await (const enterpriseId of enterprises(deps.table)) {
    for await (const cluster of readyClusters(deps.table, enterpriseId)) {
      try {
        await deps.kube.apply(clusterManifests(cluster, catalogue, deps.isolation));
        await deps.kube.delete(retiredObjects(cluster.namespace));
        await reconcileClusterExports(deps, cluster);
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

/**
 * Objects earlier releases applied and this one does not: the blanket ingress-gateway allow,
 * replaced by one network policy per service export that opens its Service's pods alone.
 */
function retiredObjects(namespace: string) {
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'vks-allow-ingress-gateway', namespace },
    },
  ];
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
