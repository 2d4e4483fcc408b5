import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { expectProblem, signUpEnterprise, type SignedUp } from '../support/enterprises';
import { addMember, createRole } from '../support/members';

let plane: TestControlPlane;
let admin: SignedUp;

beforeAll(async () => {
  plane = await startTestControlPlane({ VKS_SIGNUP_LIMIT: '1000' });
  admin = await signUpEnterprise(plane.client);
});
afterAll(() => plane.stop());

describe('GET /v1/permissions', () => {
  it('lists the closed catalogue, naming what only the administrator holds', async () => {
    const res = await plane.client.get('/v1/permissions', { token: admin.accessToken });

    expect(res.status).toBe(200);
    const names = res.body.items.map((p: any) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['clusters:read', 'members:manage', 'audit:read']),
    );
    const transfer = res.body.items.find((p: any) => p.name === 'administrator:transfer');
    expect(transfer.grantable).toBe(false);
  });
});

describe('custom roles', () => {
  it('gives exactly the permissions defined: audit:read and nothing else', async () => {
    const { client } = plane;
    await createRole(client, admin.accessToken, 'audit-only', ['audit:read']);
    const member = await addMember(client, admin.accessToken, 'audit-only');
    const token = member.accessToken;

    expect((await client.get('/v1/audit-events', { token })).status).toBe(200);
    const me = await client.get('/v1/me', { token });
    expect(me.body.permissions).toEqual(['audit:read']);
    for (const res of [
      await client.get('/v1/enterprise', { token }),
      await client.get('/v1/members', { token }),
      await client.get('/v1/api-keys', { token }),
      await client.get('/v1/roles', { token }),
    ]) {
      expectProblem(res, 403, 'forbidden');
    }
  });

  it('applies a change of the role’s permissions at the next request', async () => {
    const { client } = plane;
    await createRole(client, admin.accessToken, 'readers', ['enterprise:read']);
    const member = await addMember(client, admin.accessToken, 'readers');
    expect((await client.get('/v1/members', { token: member.accessToken })).status).toBe(403);

    const changed = await client.put(
      '/v1/roles/readers',
      { description: 'Reads members too', permissions: ['enterprise:read', 'members:read'] },
      { token: admin.accessToken },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);

    expect((await client.get('/v1/members', { token: member.accessToken })).status).toBe(200);
  });

  it('lists built-in roles first and shows each custom role with its holders', async () => {
    const res = await plane.client.get('/v1/roles', { token: admin.accessToken });

    expect(res.status).toBe(200);
    expect(res.body.items.slice(0, 2).map((r: any) => r.name)).toEqual(['administrator', 'member']);
    const auditOnly = res.body.items.find((r: any) => r.name === 'audit-only');
    expect(auditOnly).toMatchObject({ builtIn: false, holders: 1, permissions: ['audit:read'] });
  });

  it('refuses to delete a role still held (409) and deletes it once nobody holds it', async () => {
    const { client } = plane;
    await createRole(client, admin.accessToken, 'temporary', ['usage:read']);
    const member = await addMember(client, admin.accessToken, 'temporary');

    expectProblem(
      await client.delete('/v1/roles/temporary', { token: admin.accessToken }),
      409,
      'conflict',
    );

    await client.patch(
      `/v1/members/${member.accountId}`,
      { role: 'member' },
      { token: admin.accessToken },
    );
    expect((await client.delete('/v1/roles/temporary', { token: admin.accessToken })).status).toBe(
      204,
    );
    expectProblem(
      await client.get('/v1/roles/temporary', { token: admin.accessToken }),
      404,
      'not-found',
    );
  });

  it('never leaves a member holding a deleted role when deletion and assignment race', async () => {
    const { client } = plane;
    const members = await Promise.all([1, 2, 3].map(() => addMember(client, admin.accessToken)));
    await createRole(client, admin.accessToken, 'contested', ['usage:read']);

    const [deleted, ...assigned] = await Promise.all([
      client.delete('/v1/roles/contested', { token: admin.accessToken }),
      ...members.map((m) =>
        client.patch(
          `/v1/members/${m.accountId}`,
          { role: 'contested' },
          { token: admin.accessToken },
        ),
      ),
    ]);

    const holders = [];
    for (const m of members) {
      const res = await client.get(`/v1/members/${m.accountId}`, { token: admin.accessToken });
      if (res.body.role === 'contested') holders.push(m.accountId);
    }
    const role = await client.get('/v1/roles/contested', { token: admin.accessToken });
    if (deleted!.status === 204) {
      expect(holders).toEqual([]);
      expect(role.status).toBe(404);
    } else {
      expectProblem(deleted!, 409, 'conflict');
      expect(role.body.holders).toBe(holders.length);
    }
    expect(assigned.filter((r) => r.status === 200)).toHaveLength(holders.length);
  });

  it('refuses built-in role names, administrator-only permissions and unknown permissions', async () => {
    const { client } = plane;
    const token = admin.accessToken;

    expectProblem(
      await client.post('/v1/roles', { name: 'member', permissions: [] }, { token }),
      409,
      'conflict',
    );
    expectProblem(
      await client.put('/v1/roles/administrator', { permissions: [] }, { token }),
      409,
      'conflict',
    );
    expectProblem(await client.delete('/v1/roles/member', { token }), 409, 'conflict');
    for (const permissions of [['administrator:transfer'], ['clusters:fly']]) {
      const res = await client.post('/v1/roles', { name: 'bad-role', permissions }, { token });
      expectProblem(res, 422, 'validation-failed');
    }
  });

  it('creates a role once for a retried request with the same Idempotency-Key', async () => {
    const { client } = plane;
    const request = { name: 'retried', permissions: ['usage:read'] };
    const options = {
      token: admin.accessToken,
      headers: { 'idempotency-key': 'create-retried-1' },
    };

    const first = await client.post('/v1/roles', request, options);
    const second = await client.post('/v1/roles', request, options);

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const other = await client.post('/v1/roles', request, { token: admin.accessToken });
    expectProblem(other, 409, 'conflict');
  });

  it('does not let a role manager grant permissions it does not hold', async () => {
    const { client } = plane;
    await createRole(client, admin.accessToken, 'role-keeper', ['roles:manage']);
    const keeper = await addMember(client, admin.accessToken, 'role-keeper');

    const res = await client.post(
      '/v1/roles',
      { name: 'escalated', permissions: ['members:manage'] },
      { token: keeper.accessToken },
    );
    expectProblem(res, 403, 'forbidden');
  });
});
