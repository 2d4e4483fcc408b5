import { describe, expect, it } from 'vitest';
import { Logger } from '../../../shared/logging/logger';
import { reportGpuReservations } from '../../../shared/services/gpu-metrics';
import { adjustPoolReservations } from '../../../shared/store/node-pool-store';
import { Transaction } from '../../../shared/store/transaction';
import { freshTable } from '../../support/tables';

describe('GPU reservation metrics', () => {
  it('reports the GPUs reserved per type as embedded metrics the dashboard reads', async () => {
    const table = await freshTable('gpu-metrics');
    const tx = new Transaction(table);
    adjustPoolReservations(tx, { h100: 16, a10g: 2 });
    await tx.commit();
    const lines: string[] = [];
    const logger = new Logger({ service: 'test', write: (l) => lines.push(l) });

    const reserved = await reportGpuReservations(table, logger, true);

    expect(reserved).toEqual({ h100: 16, a10g: 2 });
    const h100 = lines.map((l) => JSON.parse(l)).find((l) => l.GpuType === 'h100');
    expect(h100).toMatchObject({ GpusReserved: 16 });
    expect(h100._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: 'VKS',
      Dimensions: [['GpuType']],
      Metrics: [{ Name: 'GpusReserved', Unit: 'Count' }],
    });
  });
});
