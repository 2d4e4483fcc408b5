import { CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { CfnStage, DomainName, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ClusterIdentity } from '../cluster-identity';
import { ClusterReconcile } from '../cluster-reconcile';
import type { VksConfig } from '../config';
import { tableSchema } from '../../shared/store/schema';
import { VksFunction } from '../lambda-defaults';
import { ClusterWorkflows } from '../workflows';
import { WebhookDelivery } from '../webhooks';

export interface ApiStackProps extends StackProps {
  readonly config: VksConfig;
  readonly table: TableV2;
  readonly signingKeySecret: Secret;
  readonly webhookSealingKeySecret: Secret;
}

/** The replaceable compute in front of the data: the HTTP API and the Lambda serving the Hono app. */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly apiFunction: VksFunction;
  readonly workflows: ClusterWorkflows;
  readonly reconcile: ClusterReconcile;
  readonly webhooks: WebhookDelivery;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, table, signingKeySecret } = props;

    const domain = config.domain;
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'VKS control plane API',
      createDefaultStage: true,
      ...(domain
        ? {
            defaultDomainMapping: {
              domainName: new DomainName(this, 'Domain', {
                domainName: domain.name,
                certificate: Certificate.fromCertificateArn(
                  this,
                  'Certificate',
                  domain.certificateArn,
                ),
              }),
            },
          }
        : {}),
    });
    const publicUrl = config.publicUrl ?? this.api.apiEndpoint;

    this.apiFunction = new VksFunction(this, 'Api', {
      entry: 'functions/api/lambda.ts',
      description: 'VKS control plane HTTP API',
      logRetentionDays: config.logRetentionDays,
      besideBundle: ['@zxcvbn-ts/language-common', '@zxcvbn-ts/dictionary-compression'],
      environment: {
        VKS_RUNTIME: 'aws',
        VKS_TABLE_NAME: table.tableName,
        VKS_PUBLIC_URL: publicUrl,
        VKS_SIGNING_KEY_SECRET_ARN: signingKeySecret.secretArn,
        VKS_DEFAULT_PARALLELISM_LIMIT: String(config.defaultParallelismLimit),
        VKS_WEBHOOK_KEY_SECRET_ARN: props.webhookSealingKeySecret.secretArn,
      },
    });
    const fn = this.apiFunction.fn;
    grantTableAccess(fn, table);
    signingKeySecret.grantRead(fn);
    props.webhookSealingKeySecret.grantRead(fn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:PutSecretValue'],
        resources: [signingKeySecret.secretArn],
      }),
    );

    this.workflows = this.clusterWorkflows(config, table, fn);

    const routes = this.api.addRoutes({
      path: '/{proxy+}',
      integration: new HttpLambdaIntegration('ApiIntegration', fn),
    });
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason:
          'The app authorizes every request itself: it verifies the EdDSA token or API key and ' +
          'reloads the account, so a removed member or revoked key fails at once, which a gateway ' +
          'JWT authorizer caching by token could not do. Public routes (sign-up, JWKS) need none.',
      });
    }
    this.accessLogs(config.logRetentionDays);
    new ClusterIdentity(this, 'ClusterIdentity', {
      clusterName: config.eksClusterName,
      issuerUrl: publicUrl,
    });
    // Kubeconfigs name the shared cluster's endpoint and CA, which the API reads from EKS.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['eks:DescribeCluster'],
        resources: [
          this.formatArn({
            service: 'eks',
            resource: 'cluster',
            resourceName: config.eksClusterName,
          }),
        ],
      }),
    );
    this.reconcile = new ClusterReconcile(this, 'Reconcile', {
      table,
      eksClusterName: config.eksClusterName,
      logRetentionDays: config.logRetentionDays,
    });
    this.reconcile.grantExportRequests(fn, config.eksClusterName);

    this.webhooks = new WebhookDelivery(this, 'Webhooks', {
      table,
      sealingKeySecret: props.webhookSealingKeySecret,
      publicUrl,
      signingKeySecretArn: signingKeySecret.secretArn,
      logRetentionDays: config.logRetentionDays,
    });

    new CfnOutput(this, 'ApiUrl', { value: publicUrl, description: 'Base URL of the VKS API' });
  }

  /** The cluster workflows, the operator token, and what the API needs of both. */
  private clusterWorkflows(config: VksConfig, table: TableV2, fn: VksFunction['fn']) {
    const workflows = new ClusterWorkflows(this, 'Workflows', {
      table,
      eksClusterName: config.eksClusterName,
      nodeRoleArn: config.nodeRoleArn,
      nodeSubnetIds: config.nodeSubnetIds,
      logRetentionDays: config.logRetentionDays,
    });
    workflows.grantStart(fn, this, config.eksClusterName);
    fn.addEnvironment('VKS_EKS_CLUSTER_NAME', config.eksClusterName);
    fn.addEnvironment(
      'VKS_PROVISION_STATE_MACHINE_ARN',
      workflows.stateMachines.provision.stateMachineArn,
    );
    fn.addEnvironment(
      'VKS_UPDATE_STATE_MACHINE_ARN',
      workflows.stateMachines.update.stateMachineArn,
    );
    fn.addEnvironment(
      'VKS_DELETE_STATE_MACHINE_ARN',
      workflows.stateMachines.delete.stateMachineArn,
    );

    const operatorToken = new Secret(this, 'OperatorToken', {
      description: 'Bearer token of the VKS platform operator (/v1/platform/ routes)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(operatorToken).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Known limitation: the operator rotates this token by putting a new secret value; the ' +
        'API reads it at cold start, so running containers keep the old one until they recycle.',
    });
    operatorToken.grantRead(fn);
    fn.addEnvironment('VKS_OPERATOR_TOKEN_SECRET_ARN', operatorToken.secretArn);
    return workflows;
  }

  private accessLogs(retentionDays: number): void {
    const logGroup = new LogGroup(this, 'AccessLogs', { retention: retentionDays });
    const stage = this.api.defaultStage!.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: logGroup.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        method: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
  }
}

/**
 * The item-level actions the API uses, on the table and its index only. No Scan: no request path
 * needs one.
 */
export function grantTableAccess(
  fn: { addToRolePolicy(s: PolicyStatement): void },
  table: TableV2,
): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:ConditionCheckItem',
      ],
      resources: [table.tableArn, `${table.tableArn}/index/${tableSchema.indexes[0].name}`],
    }),
  );
}
