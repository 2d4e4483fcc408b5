import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/dynamodb-local';
import { Client } from '../support/http';
import { dynamodbEndpoint, uniqueTableName } from '../support/tables';
import { eventually } from '../support/webhook-receiver';

/**
 * 60 seconds of mixed traffic from a process of its own (`test/support/load-traffic.ts`) against
 * `npm start`, itself a process of its own so that its memory is measured alone.
 */
const LOAD_SECONDS = 60;
const LIMIT = 6;
const OPERATOR_TOKEN = 'load-test-operator-token-0123456789abcdef';

let server: ReturnType<typeof spawn>;
let client: Client;
let dataDir: string;
let output = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vks-load-'));
  const port = await freePort();
  server = spawn(process.execPath, ['--import', 'tsx', 'functions/local/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      VKS_DATA_DIR: dataDir,
      VKS_TABLE_NAME: uniqueTableName('load'),
      VKS_DYNAMODB_ENDPOINT: dynamodbEndpoint(),
      VKS_LOG_LEVEL: 'warn',
      VKS_SIM_DELAY_MS: '200',
      VKS_DEFAULT_PARALLELISM_LIMIT: String(LIMIT),
      // The rate limits are not under test here; set high, no answer is a 429.
      VKS_SIGNUP_LIMIT: '10000',
      VKS_SIGNIN_LIMIT: '10000',
      VKS_OPERATOR_TOKEN: OPERATOR_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  server.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  client = new Client(`http://127.0.0.1:${port}`);
  await eventually(() => output.includes('Press Ctrl-C to stop.'), 90_000, 'the server');

  // The node pools can hold every enterprise's whole limit, so that no provisioning fails for
  // want of service-wide capacity (a limit of its own, not under test here).
  for (const [type, instanceType, gpusPerNode] of [
    ['a10g', 'g5.xlarge', 1],
    ['l40s', 'g6e.12xlarge', 4],
  ] as const) {
    const res = await client.put(
      `/v1/platform/gpu-types/${type}`,
      { displayName: type, instanceType, gpusPerNode, maxNodes: 400, capacityType: 'ON_DEMAND' },
      { token: OPERATOR_TOKEN },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
});

afterAll(async () => {
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGINT');
    await exited;
  }
  await rm(dataDir, { recursive: true, force: true });
});

/** The server's resident memory, as the kernel counts it. */
function rssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/\d+/)?.[0]);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('60 seconds of mixed traffic across 50 enterprises', () => {
  it(
    'answers only as expected, never exceeds a limit, and keeps the server’s memory steady',
    { timeout: 240_000 },
    async () => {
      const load = spawn(process.execPath, ['--import', 'tsx', 'test/support/load-traffic.ts'], {
        env: {
          ...process.env,
          LOAD_URL: client.baseUrl,
          LOAD_SECONDS: String(LOAD_SECONDS),
          LOAD_ENTERPRISES: '50',
          LOAD_CONCURRENCY: '8',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let summaryText = '';
      let loadErrors = '';
      load.stdout!.on('data', (c: Buffer) => (summaryText += c.toString()));
      load.stderr!.on('data', (c: Buffer) => (loadErrors += c.toString()));
      const done = new Promise<number | null>((resolve) => load.once('exit', resolve));

      await eventually(() => loadErrors.includes('traffic starts'), 60_000, 'the traffic');
      const samples: number[] = [];
      const sampler = setInterval(() => samples.push(rssKb(server.pid!)), 1000);
      expect(await done, loadErrors).toBe(0);
      clearInterval(sampler);

      const summary = JSON.parse(summaryText.trim().split('\n').at(-1)!);
      expect(summary.unexpected).toEqual([]);
      expect(summary.violations).toEqual([]);
      expect(summary.counts['create 202']).toBeGreaterThan(0);
      expect(summary.counts['delete 202']).toBeGreaterThan(0);
      expect(summary.counts['sign-in 201']).toBeGreaterThan(0);

      // Memory: the last third of the run holds no more than a generous margin over the middle.
      const third = Math.floor(samples.length / 3);
      const middle = median(samples.slice(third, 2 * third));
      const last = median(samples.slice(2 * third));
      expect(last, `RSS samples (kB): ${samples.join(' ')}`).toBeLessThan(middle * 1.3);

      // After the traffic: every operation ends, and each enterprise holds exactly what its
      // clusters were granted, within its limit.
      for (const tenant of summary.tenants as { id: string; token: string }[]) {
        let clusters: any[] = [];
        await eventually(
          async () => {
            const list = await client.get('/v1/clusters?limit=100', { token: tenant.token });
            clusters = list.body.items;
            return clusters.every((c) => ['READY', 'FAILED', 'DELETED'].includes(c.status));
          },
          60_000,
          `enterprise ${tenant.id}'s clusters to settle`,
        );
        const usage = await client.get('/v1/usage', { token: tenant.token });
        const granted = clusters
          .filter((c) => c.status === 'READY')
          .flatMap((c) => Object.values(c.gpuLimits) as number[])
          .reduce((a, b) => a + b, 0);
        expect(clusters.filter((c) => c.status === 'FAILED')).toEqual([]);
        expect(usage.body.total.reserved).toBe(granted);
        expect(usage.body.total.reserved).toBeLessThanOrEqual(LIMIT);
      }
    },
  );
});
