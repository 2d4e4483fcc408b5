import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cliUser, pathWithoutProjectNode, type CliUser } from '../support/cli';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { STRONG_PASSWORD, uniqueEmail } from '../support/enterprises';

let plane: TestControlPlane;
let user: CliUser;
let email: string;

const credentialsFile = () => join(user.configDir, 'vks', 'credentials.json');
const readCredentials = async () => JSON.parse(await readFile(credentialsFile(), 'utf8'));

beforeAll(async () => {
  plane = await startTestControlPlane({
    VKS_WEBHOOK_ALLOW_PRIVATE: 'true',
    VKS_WEBHOOK_ALLOW_HTTP: 'true',
  });
  user = await cliUser();
  email = uniqueEmail('cli');
});

afterAll(async () => {
  await user?.cleanup();
  await plane?.stop();
});

describe('vks signup, whoami, logout and login', () => {
  it('signs up an enterprise from prompted answers and keeps the credentials owner-only', async () => {
    const input = ['Acme GPU Research', 'Ada Admin', email, STRONG_PASSWORD, ''].join('\n');
    const signup = await user.vks(['signup', '--url', plane.url], { input });

    expect(signup.code, signup.stderr).toBe(0);
    expect(signup.stderr).toContain(`signed in to ${plane.url} as ${email}`);
    expect((await stat(credentialsFile())).mode & 0o777).toBe(0o600);
    expect((await stat(join(user.configDir, 'vks'))).mode & 0o777).toBe(0o700);
    expect(await readCredentials()).toMatchObject({ url: plane.url, email });
  });

  it('says who is signed in, as a table for people and as JSON for scripts', async () => {
    const table = await user.vks(['whoami']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/E-mail:\s+\S+@example\.com/);
    expect(table.stdout).toMatch(/Role:\s+administrator/);

    const json = await user.vks(['whoami', '-o', 'json']);
    expect(JSON.parse(json.stdout).account.email).toBe(email);

    const yaml = await user.vks(['-o', 'yaml', 'whoami']);
    expect(parse(yaml.stdout).account.email).toBe(email);
  });

  it('refreshes an expired access token by itself, once, under concurrent use', async () => {
    const before = await readCredentials();
    await writeFile(credentialsFile(), JSON.stringify({ ...before, accessTokenExpiresAt: 0 }));

    const runs = await Promise.all([1, 2, 3, 4].map(() => user.vks(['whoami', '-o', 'json'])));

    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const after = await readCredentials();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessTokenExpiresAt).toBeGreaterThan(Date.now());
    expect((await user.vks(['whoami'])).code).toBe(0);
  });

  it('signs out, after which commands exit 3 and say how to sign in', async () => {
    const logout = await user.vks(['logout']);
    expect(logout.code, logout.stderr).toBe(0);

    const whoami = await user.vks(['whoami']);
    expect(whoami.code).toBe(3);
    expect(whoami.stderr).toContain('Not signed in');
    expect(whoami.stderr).toContain('vks login');
  });

  it('refuses a wrong password with the problem’s title and detail, and no stack trace', async () => {
    const login = await user.vks(['login', '--url', plane.url, '--email', email], {
      input: 'not-the-password\n',
    });

    expect(login.code).toBe(3);
    expect(login.stderr).toContain('Error: Authentication is required');
    expect(login.stderr).toContain('The e-mail address or the password is wrong.');
    expect(login.stderr).not.toMatch(/\n\s+at /);
  });

  it('signs in with the prompted password, under the system’s Node as well', async () => {
    const login = await user.vks(['login', '--url', plane.url], {
      input: `${email}\n${STRONG_PASSWORD}\n`,
      env: { PATH: pathWithoutProjectNode(user.env.PATH ?? '') },
    });

    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain(`Signed in to ${plane.url} as ${email}`);
  });
});

describe('vks webhooks', () => {
  it('registers, lists, changes and deletes an endpoint', async () => {
    const created = await user.vks([
      'webhooks',
      'create',
      '--url',
      'http://127.0.0.1:9/hooks',
      '--event',
      'webhook.test',
      '-o',
      'json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const hook = JSON.parse(created.stdout);
    expect(hook.secret).toMatch(/^whsec_/);

    const list = await user.vks(['webhooks', 'list']);
    expect(list.stdout).toMatch(/^ID\s+URL\s+STATUS/);
    expect(list.stdout).toContain(hook.id);

    const paused = await user.vks(['webhooks', 'update', hook.id, '--disable', '-o', 'yaml']);
    expect(paused.code, paused.stderr).toBe(0);
    expect(parse(paused.stdout).status).toBe('disabled');

    expect((await user.vks(['webhooks', 'delete', hook.id])).code).toBe(0);
    const gone = await user.vks(['webhooks', 'get', hook.id]);
    expect(gone.code).toBe(5);
    expect(gone.stderr).toContain('Error: Not found');
  });

  it('names each field the server refused and exits 7', async () => {
    const refused = await user.vks(['webhooks', 'create', '--url', 'x', '--event', 'no.such']);

    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain('Error: The request is not valid');
    expect(refused.stderr).toMatch(/eventTypes\.0: /);
  });
});

describe('vks itself', () => {
  it.each([
    [['--help']],
    [['webhooks', '--help']],
    [['webhooks', 'create', '--help']],
    [['login', '--help']],
  ])('prints help for %j and exits 0', async (args) => {
    const help = await user.vks(args);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: vks');
  });

  it('exits 2 on an unknown command or a missing option', async () => {
    expect((await user.vks(['clusterz'])).code).toBe(2);
    expect((await user.vks(['webhooks', 'create', '--url', 'https://x.example'])).code).toBe(2);
    expect((await user.vks(['-o', 'xml', 'whoami'])).code).toBe(2);
  });

  it('exits 9 when the control plane cannot be reached', async () => {
    const other = await cliUser();
    try {
      const login = await other.vks(['login', '--url', 'http://127.0.0.1:9', '--email', email], {
        input: 'whatever\n',
      });
      expect(login.code).toBe(9);
      expect(login.stderr).toContain('Cannot reach the control plane at http://127.0.0.1:9');
    } finally {
      await other.cleanup();
    }
  });
});
