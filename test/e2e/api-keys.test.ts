import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { expectProblem, signUpEnterprise, type SignedUp } from '../support/enterprises';
import { addMember, createApiKey, createRole } from '../support/members';

let plane: TestControlPlane;
let admin: SignedUp;

beforeAll(async () => {
  plane = await startTestControlPlane({ VKS_SIGNUP_LIMIT: '1000' });
  admin = await signUpEnterprise(plane.client);
});
afterAll(() => plane.stop());

describe('API keys', () => {
  it('shows the key once, stores only a hash, and lists name, prefix, permissions and last use', async () => {
    const { client } = plane;
    const created = await client.post(
      '/v1/api-keys',
      { name: 'ci pipeline', permissions: ['enterprise:read'] },
      { token: admin.accessToken },
    );
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^vksk_ent_[a-z2-7]{26}\.key_[a-z2-7]{26}\.[\w-]{43}$/);

    expect((await client.get('/v1/enterprise', { token: created.body.key })).status).toBe(200);

    const list = await client.get('/v1/api-keys', { token: admin.accessToken });
    const listed = list.body.items.find((k: any) => k.id === created.body.id);
    expect(listed).toMatchObject({
      name: 'ci pipeline',
      prefix: 'vksk_',
      lastCharacters: created.body.key.slice(-4),
      permissions: ['enterprise:read'],
    });
    expect(listed.lastUsedAt).toBeDefined();
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect(listed).not.toHaveProperty('keyHash');
  });

  it('holds only its own permissions', async () => {
    const { client } = plane;
    const key = await createApiKey(client, admin.accessToken, ['enterprise:read']);

    expectProblem(await client.get('/v1/members', { token: key.key }), 403, 'forbidden');
    expectProblem(
      await client.patch('/v1/enterprise', { name: 'Renamed by key' }, { token: key.key }),
      403,
      'forbidden',
    );
  });

  it('holds no more than its owner holds now', async () => {
    const { client } = plane;
    await createRole(client, admin.accessToken, 'integrator', [
      'api-keys:manage',
      'members:read',
      'enterprise:read',
    ]);
    const member = await addMember(client, admin.accessToken, 'integrator');
    const key = await createApiKey(client, member.accessToken, ['members:read']);
    expect((await client.get('/v1/members', { token: key.key })).status).toBe(200);

    await client.patch(
      `/v1/members/${member.accountId}`,
      { role: 'member' },
      { token: admin.accessToken },
    );

    expectProblem(await client.get('/v1/members', { token: key.key }), 403, 'forbidden');
  });

  it('refuses permissions the creator does not hold', async () => {
    const { client } = plane;
    await createRole(client, admin.accessToken, 'key-maker', ['api-keys:manage']);
    const member = await addMember(client, admin.accessToken, 'key-maker');

    const res = await client.post(
      '/v1/api-keys',
      { name: 'greedy', permissions: ['members:manage'] },
      { token: member.accessToken },
    );
    expectProblem(res, 403, 'forbidden');
    const reserved = await client.post(
      '/v1/api-keys',
      { name: 'transfer', permissions: ['administrator:transfer'] },
      { token: admin.accessToken },
    );
    expectProblem(reserved, 422, 'validation-failed');
  });

  it('stops working at once when revoked', async () => {
    const { client } = plane;
    const key = await createApiKey(client, admin.accessToken, ['enterprise:read']);

    const revoked = await client.delete(`/v1/api-keys/${key.id}`, { token: admin.accessToken });
    expect(revoked.status).toBe(204);

    expectProblem(await client.get('/v1/enterprise', { token: key.key }), 401, 'unauthenticated');
  });

  it('refuses an expired key, a tampered key and an expiry in the past', async () => {
    const { client } = plane;
    const past = await client.post(
      '/v1/api-keys',
      { name: 'old', permissions: ['enterprise:read'], expiresAt: '2020-01-01T00:00:00Z' },
      { token: admin.accessToken },
    );
    expectProblem(past, 422, 'validation-failed');

    const soon = new Date(Date.now() + 1500).toISOString();
    const shortLived = await client.post(
      '/v1/api-keys',
      { name: 'short', permissions: ['enterprise:read'], expiresAt: soon },
      { token: admin.accessToken },
    );
    expect(shortLived.status).toBe(201);
    const tampered = `${shortLived.body.key.slice(0, -3)}abc`;
    expectProblem(await client.get('/v1/enterprise', { token: tampered }), 401, 'unauthenticated');

    await new Promise((resolve) => setTimeout(resolve, Date.parse(soon) - Date.now() + 50));
    expectProblem(
      await client.get('/v1/enterprise', { token: shortLived.body.key }),
      401,
      'unauthenticated',
    );
  });
});
