import { EKSClient } from '@aws-sdk/client-eks';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Context } from 'hono';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { EksNodePools } from '../../shared/adapters/eks-node-pools';
import { LambdaExportTrigger } from '../../shared/adapters/lambda-export-trigger';
import { SecretsManagerOperatorToken } from '../../shared/adapters/secrets-manager-operator-token';
import { SecretsManagerSealingKey } from '../../shared/adapters/secrets-manager-sealing-key';
import { SecretsManagerSigningKeys } from '../../shared/adapters/secrets-manager-signing-keys';
import { StepFunctionsWorkflowStarter } from '../../shared/adapters/step-functions-workflow-starter';
import { readSettings, SettingsError } from '../../shared/config/settings';
import { openKeyRing } from '../../shared/identity/key-ring';
import { Sealer } from '../../shared/identity/sealer';
import { API_AUDIENCE, TokenService } from '../../shared/identity/tokens';
import { Logger } from '../../shared/logging/logger';
import { seedGpuCatalogue } from '../../shared/store/gpu-catalogue-store';
import { RateLimiter } from '../../shared/store/rate-limit-store';
import { openTable } from '../../shared/store/table';
import { systemResolver } from '../../shared/webhooks/destination-policy';
import { awsKube } from '../workflows/aws-kube';
import { createApp } from './app';
import type { ApiEnv } from './env';

/**
 * The composition root of the API in AWS: API Gateway's HTTP API invokes this Lambda, which serves
 * the same Hono app as the local runtime. Settings and keys are read once per container.
 */
const settings = readSettings({ ...process.env, VKS_RUNTIME: 'aws' });
const table = openTable({ tableName: settings.tableName, region: settings.region });
const secrets = new SecretsManagerClient({ region: settings.region });
const { provision, update, delete: deletion } = settings.workflows.stateMachineArns;
const reconcileFunction = settings.serviceExports.reconcileFunction;
if (!provision || !update || !deletion || !settings.operatorTokenSecretArn || !reconcileFunction) {
  throw new SettingsError(
    'In AWS the API needs VKS_PROVISION_STATE_MACHINE_ARN, VKS_UPDATE_STATE_MACHINE_ARN, ' +
      'VKS_DELETE_STATE_MACHINE_ARN, VKS_OPERATOR_TOKEN_SECRET_ARN and ' +
      'VKS_EXPORT_RECONCILE_FUNCTION.',
  );
}
const logger = new Logger({ service: 'vks-api', level: settings.logLevel });
const kube = awsKube(settings);

// The cold start's reads are independent of each other, so they go out together.
const keySource = new SecretsManagerSigningKeys(secrets, settings.signingKeySecretArn!);
const loadKeys = async () => openKeyRing(await keySource.load());
const [keys, sealingMaterial, operatorToken] = await Promise.all([
  loadKeys(),
  new SecretsManagerSealingKey(secrets, settings.webhooks.keySecretArn!).load(),
  new SecretsManagerOperatorToken(secrets, settings.operatorTokenSecretArn).load(),
  seedGpuCatalogue(table, new Date().toISOString()),
]);
const sealer = Sealer.fromKeyMaterial(sealingMaterial);

const sourceIp = (c: Context<ApiEnv>): string => {
  const event = (c.env as { event?: LambdaEvent } | undefined)?.event;
  return event && 'requestContext' in event && 'http' in event.requestContext
    ? event.requestContext.http.sourceIp
    : 'unknown';
};

const app = createApp({
  runtime: 'aws',
  table,
  logger,
  tokens: new TokenService({
    issuer: settings.publicUrl!,
    apiAudience: API_AUDIENCE,
    keys,
    reload: loadKeys,
  }),
  rateLimiter: new RateLimiter(table),
  abuseLimits: {
    signupsPerHour: settings.signupLimit,
    failedSigninsPer15Minutes: settings.signinLimit,
  },
  defaultParallelismLimit: settings.defaultParallelismLimit,
  operatorToken,
  workflows: new StepFunctionsWorkflowStarter(new SFNClient({ region: settings.region }), {
    provision,
    update,
    delete: deletion,
  }),
  // The API only describes node groups; the workflow tasks create and change them.
  nodePools: new EksNodePools(new EKSClient({ region: settings.region }), {
    clusterName: settings.eks.clusterName,
    nodeRoleArn: settings.eks.nodeRoleArn ?? '',
    subnetIds: settings.eks.subnetIds,
  }),
  now: () => new Date(),
  sourceIp,
  webhooks: {
    sealer,
    destinations: {
      allowHttp: settings.webhooks.allowHttp,
      allowPrivate: settings.webhooks.allowPrivate,
      resolve: systemResolver,
    },
  },
  isolation: settings.isolation,
  // DescribeCluster for kubeconfigs; the only objects the API writes are ServiceExporters.
  clusterEndpoint: kube,
  clusterTokenTtlSeconds: settings.clusterTokenTtlSeconds,
  kube,
  serviceExports: {
    domain: settings.serviceExports.domain,
    ingressClass: settings.serviceExports.ingressClass,
    trigger: new LambdaExportTrigger(
      new LambdaClient({ region: settings.region }),
      reconcileFunction,
      logger,
    ),
  },
});

export const handler = handle(app);
