import type { ClusterOperation } from '../domain/cluster';

/** What every cluster workflow starts from; the tasks read the rest from the table. */
export interface ClusterWorkflowInput {
  readonly enterpriseId: string;
  readonly clusterId: string;
  readonly generation: number;
}

/**
 * Starts the workflow of one cluster operation: Step Functions in AWS, the local runner locally.
 * Executions are named, and starting a name that already ran or runs starts nothing new.
 */
export interface WorkflowStarter {
  start(
    operation: ClusterOperation,
    executionName: string,
    input: ClusterWorkflowInput,
  ): Promise<void>;
}
