import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  RedriveExecutionCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { ClusterOperation } from '../domain/cluster';
import type {
  ClusterWorkflowInput,
  ResumeOutcome,
  WorkflowStarter,
} from '../ports/workflow-starter';

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

  /**
   * An execution that failed, timed out or was aborted is redriven: Step Functions runs it again
   * from the state that did not finish, keeping the steps that did.
   */
  async resume(
    operation: ClusterOperation,
    executionName: string,
    input: ClusterWorkflowInput,
  ): Promise<ResumeOutcome> {
    const executionArn = executionArnOf(this.stateMachineArns[operation], executionName);
    let status: string | undefined;
    try {
      ({ status } = await this.client.send(new DescribeExecutionCommand({ executionArn })));
    } catch (err) {
      if (!(err instanceof ExecutionDoesNotExist)) throw err;
      await this.start(operation, executionName, input);
      return 'started';
    }
    if (status === 'RUNNING' || status === 'PENDING_REDRIVE') return 'running';
    if (status === 'SUCCEEDED') return 'ended';
    await this.client.send(new RedriveExecutionCommand({ executionArn }));
    return 'redriven';
  }
}

/** `arn:...:stateMachine:<machine>` names its executions `arn:...:execution:<machine>:<name>`. */
function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}
