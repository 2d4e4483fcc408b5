import { createAdaptorServer } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { join, resolve } from 'node:path';
import { FileSigningKeys } from '../../shared/adapters/file-signing-keys';
import type { Settings } from '../../shared/config/settings';
import { openKeyRing } from '../../shared/identity/key-ring';
import { API_AUDIENCE, TokenService } from '../../shared/identity/tokens';
import { Logger } from '../../shared/logging/logger';
import { RateLimiter } from '../../shared/store/rate-limit-store';
import { ensureTable } from '../../shared/store/schema';
import { openTable } from '../../shared/store/table';
import { createApp } from '../api/app';
import type { ApiDependencies } from '../api/env';
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';

export interface RunningControlPlane {
  readonly url: string;
  readonly dynamodbEndpoint: string;
  /** True when this process started DynamoDB Local itself (and stops it on `stop`). */
  readonly startedDynamoDb: boolean;
  readonly dataDir: string;
  readonly tableName: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where log lines go; standard output by default. */
  readonly writeLog?: (line: string) => void;
  readonly host?: string;
}

/**
 * The composition root of the local runtime: DynamoDB Local (or the endpoint in settings), the
 * table, the signing keys under the data directory, and the API on `@hono/node-server`.
 */
export async function startControlPlane(
  settings: Settings,
  options: StartOptions = {},
): Promise<RunningControlPlane> {
  const dataDir = resolve(settings.dataDir);
  const logger = new Logger({
    service: 'vks-api',
    level: settings.logLevel,
    ...(options.writeLog ? { write: options.writeLog } : {}),
  });

  let dynamo: DynamoDbLocal | undefined;
  const endpoint =
    settings.dynamodbEndpoint ??
    (dynamo = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') })).endpoint;
  const table = openTable({ tableName: settings.tableName, endpoint });

  try {
    await ensureTable(table.raw, settings.tableName);
    const keys = await openKeyRing(
      await new FileSigningKeys(join(dataDir, 'signing-keys.json')).load(),
    );

    // The issuer names the port, so a port of 0 is resolved before the app is built.
    const port = settings.port || (await freePort());
    const url = `http://localhost:${port}`;

    const deps: ApiDependencies = {
      runtime: 'local',
      table,
      logger,
      tokens: new TokenService({
        issuer: settings.publicUrl ?? url,
        apiAudience: API_AUDIENCE,
        keys,
      }),
      rateLimiter: new RateLimiter(table),
      abuseLimits: {
        signupsPerHour: settings.signupLimit,
        failedSigninsPer15Minutes: settings.signinLimit,
      },
      defaultParallelismLimit: settings.defaultParallelismLimit,
      now: () => new Date(),
      sourceIp: (c) => getConnInfo(c).remote.address ?? 'unknown',
    };
    const app = createApp(deps);
    const server = createAdaptorServer({ fetch: app.fetch });
    await listen(server, port, options.host ?? '127.0.0.1');

    return {
      url,
      dynamodbEndpoint: endpoint,
      startedDynamoDb: dynamo !== undefined,
      dataDir,
      tableName: settings.tableName,
      stop: async () => {
        await new Promise<void>((done) => server.close(() => done()));
        table.client.destroy();
        await dynamo?.stop();
      },
    };
  } catch (err) {
    table.client.destroy();
    await dynamo?.stop();
    throw err;
  }
}

function listen(
  server: ReturnType<typeof createAdaptorServer>,
  port: number,
  host: string,
): Promise<void> {
  return new Promise((resolveListening, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListening());
  });
}
