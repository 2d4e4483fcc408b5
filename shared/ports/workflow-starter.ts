import type { ClusterOperation } from '../domain/cluster';

/** What every cluster workflow starts from; the tasks read the rest from the table. */
export interface ClusterWorkflowInput {
  readonly enterpriseId: string;
  readonly clusterId: string;
  readonly generation: number;
}

/** What a re-drive did with an operation's execution. */
export type ResumeOutcome = 'started' | 'running' | 'redriven' | 'ended';

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

  /**
   * Makes sure the operation's execution runs to its end: starts it when it never started (or,
   * locally, died with the process), leaves a running one alone, and runs again one that stopped
   * without finishing.
   */
  resume(
    operation: ClusterOperation,
    executionName: string,
    input: ClusterWorkflowInput,
  ): Promise<ResumeOutcome>;
}
