import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/dynamodb-local';
import { systemContext } from '../../shared/domain/request-context';
import { createCluster } from '../../shared/services/cluster-service';
import type { CoreDependencies } from '../../shared/services/dependencies';
import { openTable } from '../../shared/store/table';
import { startTestControlPlane } from '../support/control-plane';
import { signUpEnterprise, type SignedUp } from '../support/enterprises';
import { Client } from '../support/http';
import { dynamodbEndpoint, uniqueTableName } from '../support/tables';
import { eventually, WebhookReceiver } from '../support/webhook-receiver';

/**
 * `npm start` killed with SIGKILL while workflows run, then started again on the same data
 * directory and table: every operation is re-driven to an end, and every event is delivered.
 */
let env: Record<string, string>;
let dataDir: string;
let receiver: WebhookReceiver;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vks-crash-'));
  receiver = await WebhookReceiver.start();
  env = {
    VKS_DATA_DIR: dataDir,
    VKS_TABLE_NAME: uniqueTableName('crash'),
    // Tokens name the issuer; a fixed one keeps them valid on the restarted server's new port.
    VKS_PUBLIC_URL: 'http://localhost:3999',
    VKS_WEBHOOK_ALLOW_PRIVATE: 'true',
    VKS_WEBHOOK_ALLOW_HTTP: 'true',
    VKS_WEBHOOK_RETRY_SCALE: '0.001',
    VKS_WEBHOOK_POLL_MS: '50',
    VKS_WEBHOOK_TIMEOUT_SECONDS: '1',
    // A node group takes long enough to change that the kill lands in the middle of it.
    VKS_SIM_DELAY_MS: '1500',
  };
});
afterEach(async () => {
  await receiver.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const EVENT_TYPES = [
  'cluster.provisioning',
  'cluster.ready',
  'cluster.failed',
  'cluster.deleted',
  'quota.changed',
];

describe('a crash of npm start', () => {
  it('re-drives a provisioning and a deletion killed mid-way, and loses no event', async () => {
    const first = await startServer(env);
    let second: Server | undefined;
    try {
      const client = first.client;
      const admin = await signUpEnterprise(client);
      const hook = await client.post(
        '/v1/webhooks',
        { url: receiver.url, eventTypes: EVENT_TYPES },
        { token: admin.accessToken },
      );
      expect(hook.status, JSON.stringify(hook.body)).toBe(201);

      const old = await client.post(
        '/v1/clusters',
        { name: 'old', gpuLimits: { a10g: 1 } },
        { token: admin.accessToken },
      );
      expect((await ended(client, admin, old.body.id)).status).toBe('READY');

      const fresh = await client.post(
        '/v1/clusters',
        { name: 'fresh', gpuLimits: { l40s: 4 } },
        { token: admin.accessToken },
      );
      expect(fresh.status).toBe(202);
      const deleting = await client.delete(`/v1/clusters/${old.body.id}`, {
        token: admin.accessToken,
      });
      expect(deleting.status).toBe(202);

      // Kill once both workflows are waiting on their node groups, in the middle of both.
      await eventually(
        () =>
          first.output().includes('simulated EKS created a node group') &&
          first.output().includes('simulated EKS deleting a node group'),
        30_000,
        'both node group changes under way',
      );
      first.process.kill('SIGKILL');
      await new Promise((resolve) => first.process.once('exit', resolve));

      second = await startServer(env);
      const again = second.client;
      expect((await ended(again, admin, fresh.body.id)).status).toBe('READY');
      expect((await ended(again, admin, old.body.id)).status).toBe('DELETED');
      expect(second.output()).toContain('cluster operation re-driven');

      const usage = await again.get('/v1/usage', { token: admin.accessToken });
      expect(usage.body.total.reserved).toBe(4);

      // Every event the outbox holds reaches the endpoint, across the kill.
      const events = await again.get('/v1/events?limit=100', { token: admin.accessToken });
      const ids = (events.body.items as any[])
        .filter((e) => EVENT_TYPES.includes(e.type))
        .map((e) => e.id as string);
      expect(events.body.items.map((e: any) => e.type)).toEqual(
        expect.arrayContaining(['cluster.ready', 'cluster.deleted']),
      );
      await eventually(
        () => ids.every((id) => receiver.received.some((r) => r.headers['webhook-id'] === id)),
        30_000,
        'every event delivered',
      );
    } finally {
      if (first.process.exitCode === null) first.process.kill('SIGKILL');
      if (second) await second.interrupt();
    }
  });

  it('starts the workflow of an operation whose process stopped right after committing it', async () => {
    const plane = await startTestControlPlane(env);
    const admin = await signUpEnterprise(plane.client);
    await plane.stop();

    // The operation commits and the process dies before it starts the workflow.
    const table = openTable({ tableName: env.VKS_TABLE_NAME!, endpoint: dynamodbEndpoint() });
    const neverStarted = {
      start: async () => {},
      resume: async () => 'running' as const,
    };
    const cluster = await createCluster(
      { table, now: () => new Date(), workflows: neverStarted } as unknown as CoreDependencies,
      admin.enterpriseId,
      { name: 'orphan', gpuLimits: { a10g: 1 } },
      systemContext('crash-test'),
    );
    table.client.destroy();

    const restarted = await startTestControlPlane({ ...env, VKS_SIM_DELAY_MS: '20' });
    try {
      expect((await ended(restarted.client, admin, cluster.id)).status).toBe('READY');
    } finally {
      await restarted.stop();
    }
  });
});

/** Polls a cluster as a client would, until it has left its busy state. */
async function ended(client: Client, admin: SignedUp, id: string): Promise<any> {
  let last: any;
  await eventually(
    async () => {
      const res = await client.get(`/v1/clusters/${id}`, { token: admin.accessToken });
      last = res.body;
      return ['READY', 'FAILED', 'DELETED'].includes(last.status);
    },
    45_000,
    `cluster ${id} to end its operation`,
  );
  return last;
}

interface Server {
  readonly process: ChildProcess;
  readonly client: Client;
  output(): string;
  interrupt(): Promise<void>;
}

/** `npm start` as its own process, so that it can be killed without any chance to clean up. */
async function startServer(extra: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const lines: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/main.ts'], {
    env: {
      ...process.env,
      ...extra,
      PORT: String(port),
      VKS_DYNAMODB_ENDPOINT: dynamodbEndpoint(),
      VKS_SIGNUP_LIMIT: '100',
      VKS_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => lines.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => lines.push(c.toString()));
  const output = () => lines.join('');
  await eventually(
    () => {
      if (child.exitCode !== null) throw new Error(`The server exited:\n${output()}`);
      return output().includes('Press Ctrl-C to stop.');
    },
    90_000,
    'the server to start',
  );
  return {
    process: child,
    client: new Client(`http://127.0.0.1:${port}`),
    output,
    interrupt: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}
