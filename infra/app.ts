import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { ClusterStack } from './stacks/cluster-stack';
import { DataStack } from './stacks/data-stack';
import { OperationsStack } from './stacks/operations-stack';

/** The CDK app: `npx cdk synth` runs offline; `npx cdk deploy --all` deploys. */
export function buildApp(app = new App()): App {
  const config = readConfig(app.node);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };

  const data = new DataStack(app, 'VksData', {
    env,
    description: 'VKS control plane: table and keys',
  });
  const cluster = config.createEksCluster
    ? new ClusterStack(app, 'VksCluster', {
        env,
        description: 'VKS shared EKS cluster and its VPC',
        clusterName: config.eksClusterName,
        kubernetesVersion: config.kubernetesVersion,
      })
    : undefined;
  const nodeSubnetIds =
    config.nodeSubnetIds.length === 0 && cluster ? cluster.nodeSubnetIds : config.nodeSubnetIds;
  const api = new ApiStack(app, 'VksApi', {
    env,
    description: 'VKS control plane: HTTP API',
    config: { ...config, nodeSubnetIds },
    table: data.table,
    signingKeySecret: data.signingKeySecret,
    webhookSealingKeySecret: data.webhookSealingKeySecret,
  });
  // The API stack names the cluster in its OIDC identity provider config, so the cluster comes first.
  if (cluster) api.addDependency(cluster);
  new OperationsStack(app, 'VksOperations', {
    env,
    description: 'VKS control plane: dashboard, alarms and their topic',
    api: api.api,
    table: data.table,
    functions: {
      Api: api.apiFunction.fn,
      WebhookDispatcher: api.webhooks.dispatcher.fn,
      OutboxPoller: api.webhooks.poller.fn,
      ClusterTasks: api.workflows.taskFunction.fn,
      ClusterReconcile: api.reconcile.function.fn,
    },
    stateMachines: {
      ProvisionCluster: api.workflows.stateMachines.provision,
      UpdateCluster: api.workflows.stateMachines.update,
      DeleteCluster: api.workflows.stateMachines.delete,
    },
    deadLetterQueues: { WebhookDispatch: api.webhooks.deadLetterQueue },
    alarmEmail: config.alarmEmail,
  });
  // cdk-nag's AWS Solutions pack: any finding that is not acknowledged with a reason stops synthesis.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().synth();
