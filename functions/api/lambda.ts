import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'hono';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { SecretsManagerSigningKeys } from '../../shared/adapters/secrets-manager-signing-keys';
import { readSettings } from '../../shared/config/settings';
import { openKeyRing } from '../../shared/identity/key-ring';
import { API_AUDIENCE, TokenService } from '../../shared/identity/tokens';
import { Logger } from '../../shared/logging/logger';
import { RateLimiter } from '../../shared/store/rate-limit-store';
import { openTable } from '../../shared/store/table';
import { createApp } from './app';
import type { ApiEnv } from './env';

/**
 * The composition root of the API in AWS: API Gateway's HTTP API invokes this Lambda, which serves
 * the same Hono app as the local runtime. Settings and keys are read once per container.
 */
const settings = readSettings({ ...process.env, VKS_RUNTIME: 'aws' });
const table = openTable({ tableName: settings.tableName, region: settings.region });
const secrets = new SecretsManagerClient({ region: settings.region });
const keys = await openKeyRing(
  await new SecretsManagerSigningKeys(secrets, settings.signingKeySecretArn!).load(),
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
  tokens: new TokenService({ issuer: settings.publicUrl!, apiAudience: API_AUDIENCE, keys }),
  rateLimiter: new RateLimiter(table),
  abuseLimits: {
    signupsPerHour: settings.signupLimit,
    failedSigninsPer15Minutes: settings.signinLimit,
  },
  defaultParallelismLimit: settings.defaultParallelismLimit,
  now: () => new Date(),
  sourceIp,
});

export const handler = handle(app);
