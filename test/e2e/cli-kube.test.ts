import { execFile } from 'node:child_process';
import { createServer } from 'node:https';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cliUser, VKS_BIN, type CliUser } from '../support/cli';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { STRONG_PASSWORD, uniqueEmail } from '../support/enterprises';

let plane: TestControlPlane;
let user: CliUser;
let clusterId: string;
let kubeDir: string;

const run = (
  command: string,
  args: string[],
  env: Record<string, string> = { PATH: process.env.PATH ?? '' },
) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(command, args, { env, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });

beforeAll(async () => {
  plane = await startTestControlPlane({ VKS_SIM_DELAY_MS: '40' });
  user = await cliUser();
  const input = ['Acme GPU Research', 'Ada Admin', uniqueEmail('kube'), STRONG_PASSWORD, ''].join(
    '\n',
  );
  expect((await user.vks(['signup', '--url', plane.url], { input })).code).toBe(0);
  const created = await user.vks([
    'clusters',
    'create',
    'training',
    '--gpu',
    'a10g=1',
    '--wait',
    '-o',
    'json',
  ]);
  expect(created.code, created.stderr).toBe(0);
  clusterId = JSON.parse(created.stdout).id;
  kubeDir = join(user.home, 'kube');
  await mkdir(kubeDir, { recursive: true });
});

afterAll(async () => {
  await user?.cleanup();
  await plane?.stop();
});

describe('vks kubeconfig', () => {
  it('prints a kubeconfig whose user runs `vks token` for the cluster', async () => {
    const printed = await user.vks(['kubeconfig', 'training']);

    expect(printed.code, printed.stderr).toBe(0);
    const config = parse(printed.stdout);
    expect(config.kind).toBe('Config');
    expect(config.users[0].user.exec).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1',
      command: 'vks',
      args: ['token', '--cluster', clusterId],
    });
  });

  it('merges into the first file of KUBECONFIG, keeping what is there, as a context named after the cluster', async () => {
    const first = join(kubeDir, 'config');
    const second = join(kubeDir, 'other');
    const existing = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'home', cluster: { server: 'https://home.example' } }],
      users: [{ name: 'home', user: { token: 'home-token' } }],
      contexts: [{ name: 'home', context: { cluster: 'home', user: 'home' } }],
      'current-context': 'home',
    };
    await writeFile(first, stringify(existing));

    const merged = await user.vks(['kubeconfig', 'training', '--merge'], {
      env: { KUBECONFIG: `${first}:${second}` },
    });
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).toContain(`Context "training" merged into ${first}`);

    const config = parse(await readFile(first, 'utf8'));
    expect(config.contexts.map((c: any) => c.name)).toEqual(['home', 'training']);
    expect(config['current-context']).toBe('training');
    const training = config.users.find((u: any) => u.name === 'training');
    expect(training.user.exec.command).toBe(VKS_BIN);
    expect(config.contexts[1].context).toMatchObject({ cluster: 'training', user: 'training' });
    expect((await stat(first)).mode & 0o777).toBe(0o600);
    await expect(stat(second)).rejects.toThrow();
  });
});

describe('vks token', () => {
  it('prints an ExecCredential of client.authentication.k8s.io/v1 with its expiry', async () => {
    const run = await user.vks(['token', '--cluster', clusterId]);

    expect(run.code, run.stderr).toBe(0);
    const credential = JSON.parse(run.stdout);
    expect(Object.keys(credential).sort()).toEqual(['apiVersion', 'kind', 'status']);
    expect(credential.apiVersion).toBe('client.authentication.k8s.io/v1');
    expect(credential.kind).toBe('ExecCredential');
    expect(credential.status.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(credential.status.expirationTimestamp).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/,
    );
    expect(Date.parse(credential.status.expirationTimestamp)).toBeGreaterThan(Date.now());

    const again = JSON.parse((await user.vks(['token', '--cluster', clusterId])).stdout);
    expect(again.status.token).toBe(credential.status.token);
  });

  it('is accepted by kubectl, which sends the token to the cluster', async () => {
    // kubectl runs exec plugins only for TLS servers: a stand-in API server on a fresh certificate.
    const key = join(kubeDir, 'server.key');
    const cert = join(kubeDir, 'server.crt');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]);
    const seen: string[] = [];
    const server = createServer(
      { key: await readFile(key), cert: await readFile(cert) },
      (req, res) => {
        seen.push(req.headers.authorization ?? '');
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 403 }));
      },
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as AddressInfo).port;
    const file = join(kubeDir, 'kubectl-config');
    const env = { ...user.env, KUBECONFIG: file };
    try {
      expect((await user.vks(['kubeconfig', 'training', '--merge'], { env })).code).toBe(0);
      const pointed = await run(
        'kubectl',
        [
          'config',
          'set-cluster',
          'training',
          `--server=https://127.0.0.1:${port}`,
          `--certificate-authority=${cert}`,
          '--embed-certs',
        ],
        env,
      );
      expect(pointed.code, pointed.stderr).toBe(0);

      const get = await run('kubectl', ['get', 'configmaps', '--request-timeout=20s'], env);

      expect(get.stderr).not.toMatch(/exec plugin|getting credentials/i);
      expect(get.stderr).toContain('Forbidden');
      const expected = JSON.parse((await user.vks(['token', '--cluster', clusterId])).stdout);
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen)).toEqual(new Set([`Bearer ${expected.status.token}`]));
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  });

  it('exits 5 for a cluster of another enterprise or none', async () => {
    const run = await user.vks(['token', '--cluster', 'vc_doesnotexist']);
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
  });
});
