import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliUser, type CliUser } from '../support/cli';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { STRONG_PASSWORD, uniqueEmail } from '../support/enterprises';

let plane: TestControlPlane;
let admin: CliUser;
let invitee: CliUser;
let robot: CliUser;
const inviteeEmail = uniqueEmail('member');

beforeAll(async () => {
  plane = await startTestControlPlane();
  [admin, invitee, robot] = await Promise.all([cliUser(), cliUser(), cliUser()]);
  const input = ['Acme GPU Research', 'Ada Admin', uniqueEmail('admin'), STRONG_PASSWORD, ''].join(
    '\n',
  );
  const signup = await admin.vks(['signup', '--url', plane.url], { input });
  expect(signup.code, signup.stderr).toBe(0);
});

afterAll(async () => {
  await Promise.all([admin, invitee, robot].map((u) => u?.cleanup()));
  await plane?.stop();
});

const json = (stdout: string) => JSON.parse(stdout);

describe('vks members, invitations and roles', () => {
  it('defines a role, invites someone with it, and the invitee joins with the token', async () => {
    const role = await admin.vks([
      'roles',
      'create',
      'gpu-operator',
      '--permissions',
      'usage:read,enterprise:read',
      '--description',
      'Watches GPU use',
    ]);
    expect(role.code, role.stderr).toBe(0);

    const invited = await admin.vks([
      'members',
      'invite',
      inviteeEmail,
      '--role',
      'gpu-operator',
      '-o',
      'json',
    ]);
    expect(invited.code, invited.stderr).toBe(0);
    const { token } = json(invited.stdout);
    expect(token).toMatch(/^vksi_/);

    const accepted = await invitee.vks(
      ['invitations', 'accept', token, '--url', plane.url, '--name', 'Grace'],
      {
        input: `${STRONG_PASSWORD}\n`,
      },
    );
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(json((await invitee.vks(['whoami', '-o', 'json'])).stdout).account.role).toBe(
      'gpu-operator',
    );

    const members = await admin.vks(['members', 'list']);
    expect(members.stdout).toMatch(/^ID\s+NAME\s+E-MAIL\s+ROLE\s+STATUS/);
    expect(members.stdout).toContain(inviteeEmail);
    expect((await admin.vks(['invitations', 'list'])).stdout).toMatch(/accepted/);
  });

  it('lets a member do only what the role allows: exit 4 with the permission named', async () => {
    const refused = await invitee.vks(['members', 'invite', uniqueEmail('x')]);

    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('Error: The permission is missing');
    expect(refused.stderr).toContain('members:manage');
  });

  it('refuses to delete a role somebody holds with exit 6, then removes the member', async () => {
    const held = await admin.vks(['roles', 'delete', 'gpu-operator']);
    expect(held.code).toBe(6);

    const member = json((await admin.vks(['members', 'list', '-o', 'json'])).stdout).find(
      (m: any) => m.email === inviteeEmail,
    );
    expect((await admin.vks(['members', 'remove', member.id])).code).toBe(0);
    expect((await invitee.vks(['whoami'])).code).toBe(3);
    expect((await admin.vks(['roles', 'delete', 'gpu-operator'])).code).toBe(0);
  });
});

describe('vks api-keys and audit', () => {
  it('creates a key that signs a robot in, through `login --api-key` and through VKS_API_KEY', async () => {
    const created = await admin.vks([
      'api-keys',
      'create',
      'ci',
      '--permissions',
      'enterprise:read,audit:read',
      '-o',
      'json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const { key, id } = json(created.stdout);

    const login = await robot.vks(['login', '--url', plane.url, '--api-key', key]);
    expect(login.code, login.stderr).toBe(0);
    expect(json((await robot.vks(['whoami', '-o', 'json'])).stdout).permissions).toEqual([
      'audit:read',
      'enterprise:read',
    ]);

    const fromEnv = await invitee.vks(['audit', '-o', 'json'], {
      env: { VKS_URL: plane.url, VKS_API_KEY: key },
    });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    const actions = json(fromEnv.stdout).map((e: any) => e.action);
    expect(actions).toContain('api-key.created');

    expect((await admin.vks(['api-keys', 'revoke', id])).code).toBe(0);
    expect((await robot.vks(['whoami'])).code).toBe(3);
  });

  it('shows the audit log as a table, filtered by action', async () => {
    const audit = await admin.vks(['audit', '--action', 'role.created']);

    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toMatch(/^AT\s+AGE\s+ACTOR\s+ACTION\s+TARGET/);
    expect(audit.stdout).toContain('role.created');
    expect(audit.stdout).not.toContain('api-key.created');
  });
});
