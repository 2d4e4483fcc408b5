import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings } from '../../shared/config/settings';
import {
  startControlPlane,
  type RunningControlPlane,
  type StartOptions,
} from '../../functions/local/control-plane';
import { Client } from './http';
import { dynamodbEndpoint, uniqueTableName } from './tables';

export interface TestControlPlane extends RunningControlPlane {
  readonly client: Client;
  /** Every log line the server wrote, parsed. */
  readonly logs: Record<string, unknown>[];
}

/**
 * The local control plane on a free port, against the run's DynamoDB Local, in a table and a
 * data directory of its own. Tests talk to it over real HTTP through `client`.
 */
export async function startTestControlPlane(
  env: Record<string, string> = {},
  options: Pick<StartOptions, 'resolveHost'> = {},
): Promise<TestControlPlane> {
  const ownDataDir = env.VKS_DATA_DIR === undefined;
  const dataDir = env.VKS_DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'vks-test-')));
  const logs: Record<string, unknown>[] = [];
  const settings = readSettings({
    PORT: '0',
    VKS_DATA_DIR: dataDir,
    VKS_DYNAMODB_ENDPOINT: dynamodbEndpoint(),
    VKS_TABLE_NAME: uniqueTableName('e2e'),
    VKS_LOG_LEVEL: 'debug',
    ...env,
  });
  const plane = await startControlPlane(settings, {
    ...options,
    writeLog: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
  });
  return {
    ...plane,
    client: new Client(plane.url),
    logs,
    stop: async () => {
      await plane.stop();
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
