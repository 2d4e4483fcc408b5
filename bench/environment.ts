import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type RunningControlPlane } from '../functions/local/control-plane';
import { startDynamoDbLocal, type DynamoDbLocal } from '../functions/local/dynamodb-local';
import { readSettings } from '../shared/config/settings';
import { openTable, type Table } from '../shared/store/table';

/** One DynamoDB Local and one local control plane for a figure, torn down after it. */
export interface BenchEnvironment {
  readonly plane: RunningControlPlane;
  readonly dynamo: DynamoDbLocal;
  readonly table: Table;
  call(method: string, path: string, token?: string, body?: unknown): Promise<any>;
  stop(): Promise<void>;
}

export async function startBenchEnvironment(
  env: Record<string, string> = {},
): Promise<BenchEnvironment> {
  const dynamo = await startDynamoDbLocal();
  const dataDir = await mkdtemp(join(tmpdir(), 'vks-bench-'));
  const tableName = `bench-${Date.now()}`;
  const plane = await startControlPlane(
    readSettings({
      PORT: '0',
      VKS_DATA_DIR: dataDir,
      VKS_DYNAMODB_ENDPOINT: dynamo.endpoint,
      VKS_TABLE_NAME: tableName,
      VKS_LOG_LEVEL: 'error',
      VKS_SIM_DELAY_MS: '50',
      VKS_SIGNUP_LIMIT: '100000',
      VKS_SIGNIN_LIMIT: '100000',
      ...env,
    }),
    { writeLog: () => {} },
  );
  const table = openTable({ tableName, endpoint: dynamo.endpoint });
  // 127.0.0.1 rather than localhost: no name lookup on the thread pool in the measured path.
  const base = plane.url.replace('localhost', '127.0.0.1');

  return {
    plane,
    dynamo,
    table,
    async call(method, path, token, body) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    async stop() {
      table.client.destroy();
      await plane.stop();
      await dynamo.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
export async function signUp(env: BenchEnvironment) {
  counter += 1;
  const body = await env.call('POST', '/v1/signup', undefined, {
    enterpriseName: `Bench ${counter}`,
    name: 'Bench',
    email: `bench-${Date.now()}-${counter}@example.com`,
    password: 'violet-harbour-lantern-42',
  });
  return {
    accessToken: body.accessToken as string,
    enterpriseId: body.enterprise.id as string,
    email: body.account.email as string,
  };
}

export async function readyCluster(env: BenchEnvironment, token: string, name: string) {
  const created = await env.call('POST', '/v1/clusters', token, { name, gpuLimits: { a10g: 1 } });
  for (;;) {
    const cluster = await env.call('GET', `/v1/clusters/${created.id}`, token);
    if (cluster.status === 'READY') return cluster.id as string;
    if (cluster.status === 'FAILED') throw new Error(`Cluster failed: ${cluster.statusReason}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
