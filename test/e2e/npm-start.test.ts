import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/dynamodb-local';
import { STRONG_PASSWORD, uniqueEmail } from '../support/enterprises';
import { Client } from '../support/http';

/** `npm start` as a newcomer runs it: its own DynamoDB Local, data under VKS_DATA_DIR. */
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vks-start-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function start(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  // The command behind `npm start`, run directly so that the signal reaches the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/main.ts'], {
    env: { ...process.env, PORT: String(port), VKS_DATA_DIR: dataDir, VKS_DYNAMODB_ENDPOINT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  const deadline = Date.now() + 90_000;
  while (!text.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null) throw new Error(`npm start exited:\n${text}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => text };
}

async function interrupt(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  child.kill('SIGINT');
  return exited;
}

const javaProcessesFor = (dir: string) =>
  spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.includes('DynamoDBLocal') && line.includes(dir));

describe('npm start', () => {
  it('serves the API with DynamoDB Local, keeps data across restarts, and leaves no process behind', async () => {
    const port = await freePort();
    const first = await start(port);
    const client = new Client(`http://localhost:${port}`);
    expect(first.output()).toContain(`http://localhost:${port}/docs`);
    expect(first.output()).toContain(dataDir);

    const email = uniqueEmail('persist');
    const signup = await client.post('/v1/signup', {
      enterpriseName: 'Persistent Co',
      name: 'Pat',
      email,
      password: STRONG_PASSWORD,
    });
    expect(signup.status).toBe(201);
    expect(await interrupt(first.child)).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);

    const second = await start(port);
    try {
      const signIn = await client.post('/v1/sessions', { email, password: STRONG_PASSWORD });
      expect(signIn.status).toBe(201);
      expect(signIn.body.account.enterpriseId).toBe(signup.body.enterprise.id);
      // Tokens from before the restart still verify: the signing keys persist too.
      const me = await client.get('/v1/me', { token: signup.body.accessToken });
      expect(me.status).toBe(200);
    } finally {
      expect(await interrupt(second.child)).toBe(0);
    }
    expect(javaProcessesFor(dataDir)).toEqual([]);
  });
});
