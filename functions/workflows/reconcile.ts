import { readSettings } from '../../shared/config/settings';
import { Logger } from '../../shared/logging/logger';
import { reconcileClusters } from '../../shared/services/cluster-reconcile';
import { reportGpuReservations } from '../../shared/services/gpu-metrics';
import { openTable } from '../../shared/store/table';
import { awsKube } from './aws-kube';

/**
 * The composition root of the scheduled reconcile Lambda (an EventBridge rule invokes it): every
 * READY virtual cluster's objects are applied again, and the GPUs reserved per type are reported.
 */
const settings = readSettings(process.env);
const logger = new Logger({ service: 'vks-reconcile', level: settings.logLevel });
const deps = {
  table: openTable({ tableName: settings.tableName, region: settings.region }),
  kube: awsKube(settings),
  isolation: settings.isolation,
  logger,
};

export async function handler(): Promise<{ applied: number; failed: number }> {
  const result = await reconcileClusters(deps);
  await reportGpuReservations(deps.table, logger, true);
  return result;
}
