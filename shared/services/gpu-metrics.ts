import type { Logger } from '../logging/logger';
import { embeddedMetrics } from '../logging/metrics';
import { listPoolReservations } from '../store/node-pool-store';
import type { Table } from '../store/table';

/**
 * Reports the GPUs reserved service-wide, per GPU type, as one log line each; in AWS the lines
 * carry embedded metrics (`GpusReserved` by `GpuType`) for the operator's dashboard. The scheduled
 * reconcile calls it, so the metric has a point every reconcile interval.
 */
export async function reportGpuReservations(
  table: Table,
  logger: Logger,
  emitMetrics: boolean,
): Promise<Readonly<Record<string, number>>> {
  const reserved = await listPoolReservations(table);
  for (const [gpuType, gpus] of Object.entries(reserved)) {
    logger.info('GPUs reserved', {
      gpuType,
      gpus,
      ...(emitMetrics
        ? embeddedMetrics({ GpuType: gpuType }, { GpusReserved: { value: gpus, unit: 'Count' } })
        : {}),
    });
  }
  return reserved;
}
