import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/dynamodb-local';
import { systemContext } from '../../shared/domain/request-context';
import { updateEnterprise } from '../../shared/services/enterprise-service';
import { openTable } from '../../shared/store/table';
import { Client } from '../support/http';
import { startTestControlPlane } from '../support/control-plane';
import { signUpEnterprise } from '../support/enterprises';
import { dynamodbEndpoint, uniqueTableName } from '../support/tables';
import { WebhookReceiver } from '../support/webhook-receiver';

/** Two control planes in a row on one table and one data directory, as across a restart. */
let shared: Record<string, string>;
let dataDir: string;
let receiver: WebhookReceiver;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vks-restart-'));
  receiver = await WebhookReceiver.start();
  shared = {
    VKS_DATA_DIR: dataDir,
    VKS_TABLE_NAME: uniqueTableName('restart'),
    // Tokens name the issuer; a fixed one keeps them valid on the restarted plane's new port.
    VKS_PUBLIC_URL: 'http://localhost:3999',
    VKS_WEBHOOK_ALLOW_PRIVATE: 'true',
    VKS_WEBHOOK_ALLOW_HTTP: 'true',
    VKS_WEBHOOK_RETRY_SCALE: '0.001',
    VKS_WEBHOOK_POLL_MS: '50',
    VKS_WEBHOOK_TIMEOUT_SECONDS: '1',
  };
});
afterEach(async () => {
  await receiver.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('no event is lost across a restart', () => {
  it('delivers an event committed by a process that stopped before dispatching it', async () => {
    const first = await startTestControlPlane(shared);
    const admin = await signUpEnterprise(first.client);
    const created = await first.client.post(
      '/v1/webhooks',
      { url: receiver.url, eventTypes: ['enterprise.updated'] },
      { token: admin.accessToken },
    );
    await first.stop();

    // The change and its outbox event commit, and no dispatcher is running to hear of it.
    const table = openTable({ tableName: shared.VKS_TABLE_NAME!, endpoint: dynamodbEndpoint() });
    await updateEnterprise(
      { table, now: () => new Date() } as Parameters<typeof updateEnterprise>[0],
      admin.enterpriseId,
      { name: 'Committed Before The Crash' },
      undefined,
      systemContext('restart-test'),
    );
    table.client.destroy();
    expect(receiver.received).toHaveLength(0);

    const second = await startTestControlPlane(shared);
    try {
      const [request] = await receiver.waitFor(1);
      const payload = new Webhook(created.body.secret).verify(request!.body, request!.headers);
      expect(payload).toMatchObject({
        type: 'enterprise.updated',
        data: { fields: ['name'] },
      });
    } finally {
      await second.stop();
    }
  });

  it('delivers after the server is killed in the middle of a delivery', async () => {
    receiver.answer = (i) => (i === 0 ? 'hang' : { status: 204 });
    const port = await freePort();
    const child = await startServerProcess({ ...shared, PORT: String(port) });
    let killed = false;
    try {
      expect(child.output()).toContain('VKS_WEBHOOK_ALLOW_PRIVATE=true');
      const client = new Client(`http://127.0.0.1:${port}`);
      const admin = await signUpEnterprise(client);
      const created = await client.post(
        '/v1/webhooks',
        { url: receiver.url, eventTypes: ['enterprise.updated'] },
        { token: admin.accessToken },
      );
      expect(created.status).toBe(201);
      await client.patch(
        '/v1/enterprise',
        { name: 'Killed Mid Delivery' },
        { token: admin.accessToken },
      );

      const [held] = await receiver.waitFor(1);
      child.process.kill('SIGKILL');
      killed = true;

      const second = await startTestControlPlane(shared);
      try {
        const [, again] = await receiver.waitFor(2);
        expect(again!.headers['webhook-id']).toBe(held!.headers['webhook-id']);
        const payload = new Webhook(created.body.secret).verify(again!.body, again!.headers);
        expect(payload).toMatchObject({ type: 'enterprise.updated' });
      } finally {
        await second.stop();
      }
    } finally {
      if (!killed) child.process.kill('SIGKILL');
    }
  });
});

/** `npm start` as its own process, so that it can be killed without any chance to clean up. */
async function startServerProcess(env: Record<string, string>) {
  const lines: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'functions/local/main.ts'],
    {
      env: {
        ...process.env,
        ...env,
        VKS_DYNAMODB_ENDPOINT: dynamodbEndpoint(),
        VKS_SIGNUP_LIMIT: '100',
        VKS_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (c: Buffer) => lines.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => lines.push(c.toString()));
  const deadline = Date.now() + 60_000;
  while (!lines.join('').includes('listening on')) {
    if (child.exitCode !== null) throw new Error(`The server exited:\n${lines.join('')}`);
    if (Date.now() > deadline) throw new Error(`The server did not start:\n${lines.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { process: child, output: () => lines.join('') };
}
