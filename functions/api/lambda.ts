import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'hono';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { SecretsManagerSealingKey } from '../../shared/adapters/secrets-manager-sealing-key';
import { SecretsManagerSigningKeys } from '../../shared/adapters/secrets-manager-signing-keys';
import { readSettings } from '../../shared/config/settings';
import { openKeyRing } from '../../shared/identity/key-ring';
import { Sealer } from '../../shared/identity/sealer';
import { API_AUDIENCE, TokenService } from '../../shared/identity/tokens';
import { Logger } from '../../shared/logging/logger';
import { RateLimiter } from '../../shared/store/rate-limit-store';
import { openTable } from '../../shared/store/table';
import { systemResolver } from '../../shared/webhooks/destination-policy';
import { createApp } from './app';
import type { ApiEnv } from './env';

/**
 * The composition root of the API in AWS: API Gateway's HTTP API invokes this Lambda, which serves
 * the same Hono app as the local runtime. Settings and keys are read once per container.
 */
const settings = readSettings({ ...process.env, VKS_RUNTIME: 'aws' });
const table = openTable({ tableName: settings.tableName, region: settings.region });
const secrets = new SecretsManagerClient({ region: settings.region });
const keySource = new SecretsManagerSigningKeys(secrets, settings.signingKeySecretArn!);
const loadKeys = async () => openKeyRing(await keySource.load());
const keys = await loadKeys();

const sealer = Sealer.fromKeyMaterial(
  await new SecretsManagerSealingKey(secrets, settings.webhooks.keySecretArn!).load(),
);

const sourceIp = (c: Context<ApiEnv>): string => {
  const event = (c.env as { event?: LambdaEvent } | undefined)?.event;
  return event && 'requestContext' in event && 'http' in event.requestContext
    ? event.requestContext.http.sourceIp
    : 'unknown';
};

const app = createApp({
  runtime: 'aws',
  table,
  logger: new Logger({ service: 'vks-api', level: settings.logLevel }),
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
});

export const handler = handle(app);
