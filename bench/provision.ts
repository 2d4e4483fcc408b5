import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane } from '../functions/local/control-plane';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { readSettings } from '../shared/config/settings';

/**
 * Time from `POST /v1/clusters` to READY on the local runtime, against the node group
 * simulator's delay. A cluster that needs a new node pool waits one simulated transition
 * (CREATING → ACTIVE), a cluster that grows an existing pool one more (UPDATING → ACTIVE); what is
 * left over is the control plane's own share: HTTP, DynamoDB, the ASL runner and the poll loop.
 */
export interface ProvisionBenchResult {
  readonly simulatorDelayMs: number;
  readonly samples: readonly { readonly elapsedMs: number; readonly simulatedMs: number }[];
  readonly medianOverheadMs: number;
  readonly maxOverheadMs: number;
}

export async function benchProvision(
  options: { delayMs?: number; clusters?: number } = {},
): Promise<ProvisionBenchResult> {
  const delayMs = options.delayMs ?? 500;
  const clusters = options.clusters ?? 6;
  const dynamo = await startDynamoDbLocal();
  const dataDir = await mkdtemp(join(tmpdir(), 'vks-bench-'));
  const plane = await startControlPlane(
    readSettings({
      PORT: '0',
      VKS_DATA_DIR: dataDir,
      VKS_DYNAMODB_ENDPOINT: dynamo.endpoint,
      VKS_TABLE_NAME: `bench-${Date.now()}`,
      VKS_SIM_DELAY_MS: String(delayMs),
      VKS_LOG_LEVEL: 'error',
    }),
    { writeLog: () => {} },
  );
  try {
    const token = await signUp(plane.url);
    await call(
      plane.url,
      'PATCH',
      `/v1/platform/enterprises/${token.enterpriseId}`,
      plane.operatorToken,
      {
        parallelismLimit: { total: clusters * 8 },
      },
    );
    const samples = [];
    for (let i = 0; i < clusters; i++) {
      // The first cluster of a type creates its pool; each later one grows it.
      const simulatedMs = delayMs;
      const started = performance.now();
      const created = await call(plane.url, 'POST', '/v1/clusters', token.accessToken, {
        name: `bench-${i}`,
        gpuLimits: { h100: 8 },
      });
      await untilReady(plane.url, token.accessToken, created.id);
      samples.push({ elapsedMs: Math.round(performance.now() - started), simulatedMs });
    }
    const overheads = samples.map((s) => s.elapsedMs - s.simulatedMs).sort((a, b) => a - b);
    return {
      simulatorDelayMs: delayMs,
      samples,
      medianOverheadMs: overheads[Math.floor(overheads.length / 2)]!,
      maxOverheadMs: overheads.at(-1)!,
    };
  } finally {
    await plane.stop();
    await dynamo.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function signUp(url: string) {
  const body = await call(url, 'POST', '/v1/signup', undefined, {
    enterpriseName: 'Bench',
    name: 'Bench',
    email: `bench-${Date.now()}@example.com`,
    password: 'violet-harbour-lantern-42',
  });
  return { accessToken: body.accessToken as string, enterpriseId: body.enterprise.id as string };
}

async function untilReady(url: string, token: string, id: string): Promise<void> {
  for (;;) {
    const cluster = await call(url, 'GET', `/v1/clusters/${id}`, token);
    if (cluster.status === 'READY') return;
    if (cluster.status === 'FAILED') throw new Error(`Cluster failed: ${cluster.statusReason}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function call(url: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as any;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchProvision();
  process.stdout.write(
    [
      `POST /v1/clusters → READY, simulator delay ${result.simulatorDelayMs} ms a transition`,
      ...result.samples.map(
        (s, i) =>
          `  cluster ${i + 1}: ${s.elapsedMs} ms (${s.elapsedMs - s.simulatedMs} ms control plane)`,
      ),
      `  control plane share: median ${result.medianOverheadMs} ms, max ${result.maxOverheadMs} ms`,
      '',
    ].join('\n'),
  );
}
