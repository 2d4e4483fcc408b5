import { Duration, Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { CfnAccessEntry } from 'aws-cdk-lib/aws-eks';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunctionResource, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { tableSchema } from '../shared/store/schema';
import { VksFunction } from './lambda-defaults';
import { KUBERNETES_GROUP } from './workflows';

export interface ClusterReconcileProps {
  readonly table: TableV2;
  /** The shared EKS cluster, imported by name (context `vks:eksClusterName`). */
  readonly eksClusterName: string;
  readonly logRetentionDays: number;
  /** Pod Security enforcement and the cluster's private ranges, when not the defaults. */
  readonly environment?: Record<string, string>;
  readonly every?: Duration;
}

/**
 * The scheduled reconcile: an EventBridge rule runs a Lambda that applies the full object set of
 * every READY virtual cluster again, so that a policy a tenant deleted comes back. The function
 * reads the table (Query only) and writes to the cluster's Kubernetes API through an EKS access
 * entry of its role.
 */
export class ClusterReconcile extends Construct {
  readonly function: VksFunction;
  private readonly eksClusterName: string;

  constructor(scope: Construct, id: string, props: ClusterReconcileProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.function = new VksFunction(this, 'Function', {
      entry: 'functions/workflows/reconcile.ts',
      description: 'VKS: re-applies the objects of every READY virtual cluster',
      logRetentionDays: props.logRetentionDays,
      timeout: Duration.minutes(5),
      environment: {
        VKS_RUNTIME: 'aws',
        VKS_TABLE_NAME: props.table.tableName,
        VKS_EKS_CLUSTER_NAME: props.eksClusterName,
        ...props.environment,
      },
    });
    const fn = this.function.fn;
    fn.addToRolePolicy(
      new PolicyStatement({
        // Service exports: the reconcile records kubectl-created ones and writes their phase.
        actions: [
          'dynamodb:Query',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:ConditionCheckItem',
        ],
        resources: [
          props.table.tableArn,
          `${props.table.tableArn}/index/${tableSchema.indexes[0].name}`,
        ],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['eks:DescribeCluster'],
        resources: [
          stack.formatArn({
            service: 'eks',
            resource: 'cluster',
            resourceName: props.eksClusterName,
          }),
        ],
      }),
    );
    // The same Kubernetes group as the workflow tasks: the control plane has one identity there.
    new CfnAccessEntry(this, 'AccessEntry', {
      clusterName: props.eksClusterName,
      principalArn: fn.role!.roleArn,
      type: 'STANDARD',
      kubernetesGroups: [KUBERNETES_GROUP],
    });
    this.eksClusterName = props.eksClusterName;
    new Rule(this, 'Schedule', {
      description: 'Re-applies the objects of READY virtual clusters',
      schedule: Schedule.rate(props.every ?? Duration.minutes(10)),
      targets: [new LambdaFunction(fn, { retryAttempts: 0 })],
    });
  }

  /**
   * Lets the API ask for one cluster's export reconcile (an asynchronous invocation) and write
   * ServiceExporter objects as the control plane's Kubernetes identity.
   */
  grantExportRequests(api: IFunction, eksClusterName: string = this.eksClusterName): void {
    // The function itself, not its versions: `grantInvoke` would add `<arn>:*`.
    api.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.function.fn.functionArn],
      }),
    );
    if (api instanceof LambdaFunctionResource) {
      api.addEnvironment('VKS_EXPORT_RECONCILE_FUNCTION', this.function.fn.functionName);
    }
    new CfnAccessEntry(this, 'ApiAccessEntry', {
      clusterName: eksClusterName,
      principalArn: api.role!.roleArn,
      type: 'STANDARD',
      kubernetesGroups: [KUBERNETES_GROUP],
    });
  }
}
