import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnStateMachine, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ClusterOperation } from '../shared/domain/cluster';
import { VksFunction } from './lambda-defaults';

export interface ClusterRedriveProps {
  readonly table: TableV2;
  readonly stateMachines: Readonly<Record<ClusterOperation, StateMachine>>;
  readonly logRetentionDays: number;
  /** How often the schedule runs; a cluster busy this long without an execution is re-driven. */
  readonly every?: Duration;
}

/**
 * The re-drive of busy clusters (`shared/services/cluster-redrive.ts`) on an EventBridge schedule.
 * It reads the busy-cluster index of the table and may start, describe and redrive executions of
 * the three cluster workflows, nothing else.
 */
export class ClusterRedrive extends Construct {
  readonly function: VksFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: ClusterRedriveProps) {
    super(scope, id);
    const every = props.every ?? Duration.minutes(5);
    this.function = new VksFunction(this, 'Function', {
      entry: 'functions/workflows/redrive.ts',
      description: 'VKS re-drive: starts again cluster operations that lost their workflow',
      logRetentionDays: props.logRetentionDays,
      timeout: Duration.minutes(1),
      environment: {
        VKS_TABLE_NAME: props.table.tableName,
        VKS_REDRIVE_AFTER_MS: String(every.toMilliseconds()),
        VKS_PROVISION_STATE_MACHINE_ARN: props.stateMachines.provision.stateMachineArn,
        VKS_UPDATE_STATE_MACHINE_ARN: props.stateMachines.update.stateMachineArn,
        VKS_DELETE_STATE_MACHINE_ARN: props.stateMachines.delete.stateMachineArn,
      },
    });
    const fn = this.function.fn;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.table.tableArn}/index/GSI1`],
      }),
    );
    for (const machine of Object.values(props.stateMachines)) {
      machine.grantStartExecution(fn);
      machine.grantExecution(fn, 'states:DescribeExecution', 'states:RedriveExecution');
      acknowledgeExecutions(fn.role!, machine);
    }

    this.rule = new Rule(this, 'Schedule', {
      description: 'Re-drives VKS cluster operations that have no running workflow',
      schedule: Schedule.rate(every),
      targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
    });
  }
}

/** Execution ARNs end in the execution's name, so a machine's executions are `...:<machine>:*`. */
function acknowledgeExecutions(role: Construct, machine: StateMachine): void {
  const stack = Stack.of(machine);
  const shown = (value: string, token: string) => (Token.isUnresolved(value) ? token : value);
  const logicalId = stack.getLogicalId(machine.node.defaultChild as CfnStateMachine);
  const name = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId}"}]}]}`;
  Validations.of(role).acknowledge({
    id:
      `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:` +
      `${shown(stack.region, '<AWS::Region>')}:${shown(stack.account, '<AWS::AccountId>')}:` +
      `execution:${name}:*]`,
    reason: 'Executions are named per cluster operation; the state machine is the narrowest scope.',
  });
}
