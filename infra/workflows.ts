import { Arn, ArnFormat, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { CfnAccessEntry } from 'aws-cdk-lib/aws-eks';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import type { ClusterOperation } from '../shared/domain/cluster';
import { workflowFiles } from '../shared/workflows/definitions';
import { grantTableAccess } from './stacks/api-stack';
import { repoRoot, VksFunction } from './lambda-defaults';
import { ClusterRedrive } from './redrive';

export interface ClusterWorkflowsProps {
  readonly table: TableV2;
  /** The shared EKS cluster, imported by name (context `vks:eksClusterName`). */
  readonly eksClusterName: string;
  /** The IAM role of the GPU nodes (context `vks:nodeRoleArn`); created here when not given. */
  readonly nodeRoleArn: string | undefined;
  /** The subnets GPU nodes start in (context `vks:nodeSubnetIds`). */
  readonly nodeSubnetIds: readonly string[];
  readonly logRetentionDays: number;
}

/** The Kubernetes group the task Lambda's role acts as in the shared cluster. */
export const KUBERNETES_GROUP = 'vks-control-plane';

/** Node groups the workflows manage all carry this prefix (see `nodePoolName`). */
const NODE_GROUP_PREFIX = 'vks-gpu-';

/**
 * The three cluster workflows from the ASL files the local runner executes, with their task
 * Lambda. The task Lambda may change only node groups of the configured cluster whose names the
 * workflows give, and pass only the configured node role to EKS.
 */
export class ClusterWorkflows extends Construct {
  readonly stateMachines: Record<ClusterOperation, StateMachine>;
  readonly taskFunction: VksFunction;
  readonly redrive: ClusterRedrive;

  constructor(scope: Construct, id: string, props: ClusterWorkflowsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const nodeRoleArn = props.nodeRoleArn ?? this.nodeRole().roleArn;

    this.taskFunction = new VksFunction(this, 'Tasks', {
      entry: 'functions/workflows/cluster-task.ts',
      description: 'VKS cluster workflow tasks (node pools, tenant namespaces, reservations)',
      logRetentionDays: props.logRetentionDays,
      timeout: Duration.seconds(30),
      environment: {
        VKS_TABLE_NAME: props.table.tableName,
        VKS_EKS_CLUSTER_NAME: props.eksClusterName,
        VKS_NODE_ROLE_ARN: nodeRoleArn,
        VKS_NODE_SUBNET_IDS: props.nodeSubnetIds.join(','),
      },
    });
    const fn = this.taskFunction.fn;
    grantTableAccess(fn, props.table);
    this.grantEks(fn, stack, props.eksClusterName, nodeRoleArn);
    // Known limitation: the Kubernetes group needs a ClusterRole binding that may apply and delete
    // namespaces and resource quotas; it is installed with the cluster's RBAC, not by this app.
    new CfnAccessEntry(this, 'TasksAccessEntry', {
      clusterName: props.eksClusterName,
      principalArn: fn.role!.roleArn,
      type: 'STANDARD',
      kubernetesGroups: [KUBERNETES_GROUP],
    });

    this.stateMachines = {
      provision: this.stateMachine('Provision', 'provision', fn, props.logRetentionDays),
      update: this.stateMachine('Update', 'update', fn, props.logRetentionDays),
      delete: this.stateMachine('Delete', 'delete', fn, props.logRetentionDays),
    };
    this.redrive = new ClusterRedrive(this, 'Redrive', {
      table: props.table,
      stateMachines: this.stateMachines,
      logRetentionDays: props.logRetentionDays,
    });
  }

  /** Lets the API start the workflows and read the node groups for the operator. */
  grantStart(fn: IFunction, stack: Stack, eksClusterName: string): void {
    for (const machine of Object.values(this.stateMachines)) machine.grantStartExecution(fn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['eks:DescribeNodegroup'],
        resources: [nodeGroupArn(stack, eksClusterName)],
      }),
    );
    acknowledgeNodeGroupScope(fn, eksClusterName);
  }

  /** The role EKS gives GPU nodes: the three policies EKS documents for worker nodes. */
  private nodeRole(): Role {
    const policies = [
      'AmazonEKSWorkerNodePolicy',
      'AmazonEC2ContainerRegistryReadOnly',
      'AmazonEKS_CNI_Policy',
    ];
    const role = new Role(this, 'GpuNodeRole', {
      assumedBy: new ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: policies.map((name) => ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    for (const name of policies) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
        reason: 'EKS documents this AWS managed policy for the node role of managed node groups.',
      });
    }
    return role;
  }

  private grantEks(fn: IFunction, stack: Stack, clusterName: string, nodeRoleArn: string): void {
    const cluster = stack.formatArn({
      service: 'eks',
      resource: 'cluster',
      resourceName: clusterName,
    });
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['eks:CreateNodegroup', 'eks:DescribeCluster'],
        resources: [cluster],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'eks:DescribeNodegroup',
          'eks:UpdateNodegroupConfig',
          'eks:DeleteNodegroup',
          'eks:TagResource',
        ],
        resources: [nodeGroupArn(stack, clusterName)],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [nodeRoleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'eks.amazonaws.com' } },
      }),
    );
    acknowledgeNodeGroupScope(fn, clusterName);
  }

  private stateMachine(
    id: string,
    operation: ClusterOperation,
    fn: IFunction,
    logRetentionDays: number,
  ): StateMachine {
    const logs = new LogGroup(this, `${id}Logs`, { retention: logRetentionDays });
    const machine = new StateMachine(this, id, {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(
        readFileSync(`${repoRoot}${workflowFiles[operation]}`, 'utf8'),
      ),
      definitionSubstitutions: { TaskFunctionArn: fn.functionArn },
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });
    // The ASL names the function by its unqualified ARN, so neither versions nor aliases are needed.
    machine.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
    );
    Validations.of(machine.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray trace upload and the CloudWatch Logs delivery actions Step Functions needs for ' +
        'execution logs support no resource-level permissions.',
    });
    return machine;
  }
}

function nodeGroupArn(stack: Stack, clusterName: string): string {
  return Arn.format(
    {
      service: 'eks',
      resource: 'nodegroup',
      resourceName: `${clusterName}/${NODE_GROUP_PREFIX}*/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    },
    stack,
  );
}

/** cdk-nag names a finding by the resource as synthesized: tokens by name, the rest literally. */
function acknowledgeNodeGroupScope(fn: IFunction, clusterName: string): void {
  const stack = Stack.of(fn);
  const shown = (value: string, token: string) => (Token.isUnresolved(value) ? token : value);
  const region = shown(stack.region, '<AWS::Region>');
  const account = shown(stack.account, '<AWS::AccountId>');
  Validations.of(fn.role!).acknowledge({
    id:
      `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:eks:${region}:` +
      `${account}:nodegroup/${clusterName}/${NODE_GROUP_PREFIX}*/*]`,
    reason: 'Node group ARNs end in an id EKS assigns; the name prefix is the narrowest scope.',
  });
}
