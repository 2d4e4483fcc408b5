import { executionName, type VirtualCluster } from '../domain/cluster';
import type { Logger } from '../logging/logger';
import type { ResumeOutcome, WorkflowStarter } from '../ports/workflow-starter';
import { listBusyClusters } from '../store/cluster-store';
import type { Table } from '../store/table';

export interface RedriveDependencies {
  readonly table: Table;
  readonly workflows: WorkflowStarter;
  readonly logger: Logger;
  readonly now: () => Date;
}

export type RedriveReport = Record<ResumeOutcome | 'failed', number>;

const PAGE_SIZE = 25;

/**
 * Finds every cluster that has been PROVISIONING, UPDATING or DELETING since before `olderThanMs`
 * ago and makes sure its operation's workflow runs: the workflow starts after the transaction
 * that records the operation commits, so a process that stops in between (or, locally, a runner
 * that stops with its process) leaves a busy cluster with nothing running. Starting an execution
 * name that runs does nothing, and every task ends quietly when the cluster has moved on, so a
 * re-drive of an operation that is fine changes nothing.
 */
export async function redriveBusyClusters(
  deps: RedriveDependencies,
  olderThanMs: number,
): Promise<RedriveReport> {
  const before = new Date(deps.now().getTime() - olderThanMs).toISOString();
  const report: RedriveReport = { started: 0, running: 0, redriven: 0, ended: 0, failed: 0 };
  let cursor: string | undefined;
  do {
    const page = await listBusyClusters(deps.table, before, PAGE_SIZE, cursor);
    for (const cluster of page.items) report[await resume(deps, cluster)] += 1;
    cursor = page.nextCursor;
  } while (cursor);
  if (report.started + report.redriven + report.failed > 0) {
    deps.logger.info('busy clusters re-driven', { ...report });
  }
  return report;
}

/** One cluster's failure is logged and counted; the others are still re-driven. */
async function resume(
  deps: RedriveDependencies,
  cluster: VirtualCluster,
): Promise<ResumeOutcome | 'failed'> {
  const name = executionName(cluster);
  try {
    const outcome = await deps.workflows.resume(cluster.operation, name, {
      enterpriseId: cluster.enterpriseId,
      clusterId: cluster.id,
      generation: cluster.generation,
    });
    if (outcome !== 'running') {
      deps.logger.info('cluster operation re-driven', {
        enterpriseId: cluster.enterpriseId,
        clusterId: cluster.id,
        execution: name,
        outcome,
      });
    }
    return outcome;
  } catch (err) {
    deps.logger.warn('cluster operation could not be re-driven', {
      enterpriseId: cluster.enterpriseId,
      clusterId: cluster.id,
      execution: name,
      error: err,
    });
    return 'failed';
  }
}
