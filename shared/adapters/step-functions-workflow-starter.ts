import { ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ClusterOperation } from '../domain/cluster';
import type { ClusterWorkflowInput, WorkflowStarter } from '../ports/workflow-starter';

/**
 * AWS runtime: each operation is a Step Functions standard workflow. Step Functions refuses a
 * second execution of one name with `ExecutionAlreadyExists` (unless the input is the same, when
 * it answers with the first execution), and both mean the operation has started.
 */
export class StepFunctionsWorkflowStarter implements WorkflowStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArns: Readonly<Record<ClusterOperation, string>>,
  ) {}

  async start(
    operation: ClusterOperation,
    executionName: string,
    input: ClusterWorkflowInput,
  ): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArns[operation],
          name: executionName,
          input: JSON.stringify(input),
        }),
      );
    } catch (err) {
      if (err instanceof ExecutionAlreadyExists) return;
      throw err;
    }
  }
}
