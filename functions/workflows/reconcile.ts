import { readSettings } from '../../shared/config/settings';
import { Logger } from '../../shared/logging/logger';
import type { ExportReconcileRequest } from '../../shared/adapters/lambda-export-trigger';
import { reconcileClusters } from '../../shared/services/cluster-reconcile';
import { reportGpuReservations } from '../../shared/services/gpu-metrics';
import { reconcileExportsOf } from '../../shared/services/service-export-reconcile';
import { openTable } from '../../shared/store/table';
import { awsKube } from './aws-kube';

/**
 * The composition root of the scheduled reconcile Lambda (an EventBridge rule invokes it): every
 * READY virtual cluster's objects are applied again, and the GPUs reserved per type are reported;
 * the API invokes it for one cluster's service exports.
 */
const settings = readSettings(process.env);
const logger = new Logger({ service: 'vks-reconcile', level: settings.logLevel });
const deps = {
  table: openTable({ tableName: settings.tableName, region: settings.region }),
  kube: awsKube(settings),
  isolation: settings.isolation,
  logger,
  now: () => new Date(),
  domain: settings.serviceExports.domain,
  ingressClass: settings.serviceExports.ingressClass,
};

/**
 * The schedule's event runs the full round; the API's asynchronous invocation after a service
 * export change names one cluster, whose exports alone are reconciled.
 */
export async function handler(
  event: Partial<ExportReconcileRequest> = {},
): Promise<{ applied: number; failed: number }> {
  if (typeof event.enterpriseId === 'string' && typeof event.clusterId === 'string') {
    await reconcileExportsOf(deps, event.enterpriseId, event.clusterId);
    return { applied: 1, failed: 0 };
  }
  const result = await reconcileClusters(deps);
  await reportGpuReservations(deps.table, logger, true);
  return result;
}
