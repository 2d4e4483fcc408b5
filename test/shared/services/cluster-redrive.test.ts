import { describe, expect, it } from 'vitest';
import type { ClusterOperation, VirtualCluster } from '../../../shared/domain/cluster';
import { Logger } from '../../../shared/logging/logger';
import type { ClusterWorkflowInput, ResumeOutcome } from '../../../shared/ports/workflow-starter';
import { redriveBusyClusters } from '../../../shared/services/cluster-redrive';
import { getCluster, putNewCluster, saveCluster } from '../../../shared/store/cluster-store';
import { Transaction } from '../../../shared/store/transaction';
import { freshTable } from '../../support/tables';

/** Records what the re-drive asks of the workflows, and starts nothing. */
class RecordingWorkflows {
  readonly resumed: string[] = [];
  async start(): Promise<void> {}
  async resume(_op: ClusterOperation, name: string, _input: ClusterWorkflowInput) {
    this.resumed.push(name);
    return 'started' as ResumeOutcome;
  }
}

describe('the re-drive of busy clusters', () => {
  it('finds a busy cluster through the index, and forgets it once it is READY', async () => {
    const table = await freshTable('redrive');
    const workflows = new RecordingWorkflows();
    const redrive = {
      table,
      workflows,
      now: () => new Date(Date.now() + 60_000),
      logger: new Logger({ service: 'test', write: () => {} }),
    };

    const now = new Date().toISOString();
    const cluster: VirtualCluster = {
      id: 'vc_redrive',
      enterpriseId: 'ent_redrive',
      name: 'busy',
      namespace: 'vc-busy-redrive',
      gpuLimits: { a10g: 1 },
      status: 'PROVISIONING',
      statusReason: null,
      generation: 1,
      operation: 'provision',
      reservedGpus: { a10g: 1 },
      poolGpus: {},
      previousGpuLimits: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const create = new Transaction(table);
    putNewCluster(create, cluster);
    await create.commit();
    expect(await redriveBusyClusters({ ...redrive, now: () => new Date(0) }, 0)).toMatchObject({
      started: 0,
    });
    expect(await redriveBusyClusters(redrive, 30_000)).toMatchObject({ started: 1 });
    expect(workflows.resumed).toEqual([`${cluster.id}-provision-1`]);

    const stored = await getCluster(table, 'ent_redrive', cluster.id);
    const tx = new Transaction(table);
    saveCluster(tx, stored, { ...stored, status: 'READY', version: stored.version + 1 });
    await tx.commit();
    expect(await redriveBusyClusters(redrive, 0)).toMatchObject({ started: 0 });
  });
});
