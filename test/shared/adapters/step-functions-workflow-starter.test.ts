import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsWorkflowStarter } from '../../../shared/adapters/step-functions-workflow-starter';

const sfn = mockClient(SFNClient);
const arns = {
  provision: 'arn:aws:states:eu-west-1:123456789012:stateMachine:provision',
  update: 'arn:aws:states:eu-west-1:123456789012:stateMachine:update',
  delete: 'arn:aws:states:eu-west-1:123456789012:stateMachine:delete',
};
const starter = () =>
  new StepFunctionsWorkflowStarter(new SFNClient({ region: 'eu-west-1' }), arns);
const input = { enterpriseId: 'ent_a', clusterId: 'vc_a', generation: 2 };

beforeEach(() => sfn.reset());

describe('Step Functions workflow starter', () => {
  it('starts the operation’s state machine under the execution name', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });
    await starter().start('update', 'vc_a-update-2', input);
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({
      stateMachineArn: arns.update,
      name: 'vc_a-update-2',
      input: JSON.stringify(input),
    });
  });

  it('takes ExecutionAlreadyExists as started', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    await expect(starter().start('provision', 'vc_a-provision-1', input)).resolves.toBeUndefined();
  });

  it('lets other failures through', async () => {
    sfn.on(StartExecutionCommand).rejects(new Error('AccessDeniedException'));
    await expect(starter().start('delete', 'vc_a-delete-3', input)).rejects.toThrow('AccessDenied');
  });
});

describe('Step Functions re-drive', () => {
  const executionArn = 'arn:aws:states:eu-west-1:123456789012:execution:provision:vc_a-provision-1';

  it('starts an execution that never started', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .rejects(new ExecutionDoesNotExist({ message: 'none', $metadata: {} }));
    sfn.on(StartExecutionCommand).resolves({ executionArn, startDate: new Date() });
    await expect(starter().resume('provision', 'vc_a-provision-1', input)).resolves.toBe('started');
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input).toEqual({ executionArn });
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.name).toBe('vc_a-provision-1');
  });

  it('leaves a running execution alone', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ executionArn, status: 'RUNNING' } as never);
    await expect(starter().resume('provision', 'vc_a-provision-1', input)).resolves.toBe('running');
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
  });

  it.each(['FAILED', 'TIMED_OUT', 'ABORTED'])(
    'redrives an execution that ended %s',
    async (status) => {
      sfn.on(DescribeExecutionCommand).resolves({ executionArn, status } as never);
      sfn.on(RedriveExecutionCommand).resolves({ redriveDate: new Date() });
      await expect(starter().resume('provision', 'vc_a-provision-1', input)).resolves.toBe(
        'redriven',
      );
      expect(sfn.commandCalls(RedriveExecutionCommand)[0]!.args[0].input).toEqual({ executionArn });
    },
  );
});
