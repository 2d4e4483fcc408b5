import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import {
  expectProblem,
  signUpEnterprise,
  STRONG_PASSWORD,
  uniqueEmail,
  type SignedUp,
} from '../support/enterprises';
import { addMember, auditTrail, createApiKey } from '../support/members';

let plane: TestControlPlane;
let admin: SignedUp;

beforeAll(async () => {
  plane = await startTestControlPlane({ VKS_SIGNUP_LIMIT: '1000' });
  admin = await signUpEnterprise(plane.client);
});
afterAll(() => plane.stop());

describe('invitations', () => {
  it('lets an invited person accept, become a member and sign in', async () => {
    const { client } = plane;
    const email = uniqueEmail('invitee');

    const invited = await client.post(
      '/v1/invitations',
      { email, role: 'member' },
      { token: admin.accessToken },
    );
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email, role: 'member', status: 'pending' });
    expect(invited.body.token).toMatch(/^vksi_/);
    const days = (Date.parse(invited.body.expiresAt) - Date.parse(invited.body.createdAt)) / 864e5;
    expect(days).toBe(7);

    const accepted = await client.post(`/v1/invitations/${invited.body.token}/accept`, {
      name: 'Ivy Invitee',
      password: STRONG_PASSWORD,
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.account).toMatchObject({ email, role: 'member', status: 'active' });
    const me = await client.get('/v1/me', { token: accepted.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.account.enterpriseId).toBe(admin.enterpriseId);
    expect(me.body.permissions).toEqual(['enterprise:read', 'usage:read']);

    const signIn = await client.post('/v1/sessions', { email, password: STRONG_PASSWORD });
    expect(signIn.status).toBe(201);
    expect(signIn.body.account.id).toBe(accepted.body.account.id);

    const list = await client.get('/v1/invitations', { token: admin.accessToken });
    const listed = list.body.items.find((i: any) => i.id === invited.body.id);
    expect(listed).toMatchObject({ status: 'accepted', accountId: accepted.body.account.id });
    expect(listed).not.toHaveProperty('token');
    expect(listed).not.toHaveProperty('tokenHash');
  });

  it('accepts an invitation once, even when accepted 4 times at the same time', async () => {
    const { client } = plane;
    const email = uniqueEmail('race');
    const invited = await client.post(
      '/v1/invitations',
      { email, role: 'member' },
      { token: admin.accessToken },
    );

    const attempts = await Promise.all(
      Array.from({ length: 4 }, () =>
        client.post(`/v1/invitations/${invited.body.token}/accept`, {
          name: 'Racer',
          password: STRONG_PASSWORD,
        }),
      ),
    );

    expect(attempts.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of attempts.filter((r) => r.status !== 201)) {
      expect([409, 410]).toContain(r.status);
    }
    const again = await client.post(`/v1/invitations/${invited.body.token}/accept`, {
      name: 'Late',
      password: STRONG_PASSWORD,
    });
    expectProblem(again, 410, 'gone');
  });

  it('stops a revoked invitation from being accepted', async () => {
    const { client } = plane;
    const invited = await client.post(
      '/v1/invitations',
      { email: uniqueEmail('revoked'), role: 'member' },
      { token: admin.accessToken },
    );

    const revoked = await client.delete(`/v1/invitations/${invited.body.id}`, {
      token: admin.accessToken,
    });
    expect(revoked.status).toBe(204);

    const accept = await client.post(`/v1/invitations/${invited.body.token}/accept`, {
      name: 'Too Late',
      password: STRONG_PASSWORD,
    });
    expectProblem(accept, 410, 'gone');
  });

  it('refuses a forged token as an invitation that does not exist', async () => {
    const { client } = plane;
    const invited = await client.post(
      '/v1/invitations',
      { email: uniqueEmail('forged'), role: 'member' },
      { token: admin.accessToken },
    );
    const forged = `${invited.body.token.slice(0, -4)}AAAA`;

    const res = await client.post(`/v1/invitations/${forged}/accept`, {
      name: 'Forger',
      password: STRONG_PASSWORD,
    });
    expectProblem(res, 404, 'not-found');
  });

  it('refuses to invite an e-mail address that already has an account', async () => {
    const res = await plane.client.post(
      '/v1/invitations',
      { email: admin.email.toUpperCase(), role: 'member' },
      { token: admin.accessToken },
    );
    expectProblem(res, 409, 'email-taken');
  });

  it('refuses to invite with the administrator role or an unknown role', async () => {
    for (const role of ['administrator', 'no-such-role']) {
      const res = await plane.client.post(
        '/v1/invitations',
        { email: uniqueEmail(), role },
        { token: admin.accessToken },
      );
      expectProblem(res, 422, 'validation-failed');
      expect(res.body.errors[0].field).toBe('role');
    }
  });
});

describe('member routes', () => {
  it('answers 403 on every member route to a member without members:manage', async () => {
    const { client } = plane;
    const member = await addMember(client, admin.accessToken);
    const other = await addMember(client, admin.accessToken);
    const token = member.accessToken;

    const attempts = [
      await client.post('/v1/invitations', { email: uniqueEmail(), role: 'member' }, { token }),
      await client.get('/v1/invitations', { token }),
      await client.delete('/v1/invitations/inv_aaaaaaaaaaaaaaaaaaaaaaaaaa', { token }),
      await client.get('/v1/members', { token }),
      await client.get(`/v1/members/${other.accountId}`, { token }),
      await client.patch(`/v1/members/${other.accountId}`, { role: 'member' }, { token }),
      await client.delete(`/v1/members/${other.accountId}`, { token }),
      await client.put('/v1/enterprise/administrator', { accountId: member.accountId }, { token }),
    ];

    for (const res of attempts) expectProblem(res, 403, 'forbidden');
    const still = await client.get(`/v1/members/${other.accountId}`, {
      token: admin.accessToken,
    });
    expect(still.body.status).toBe('active');
  });

  it('lists members a page at a time with an opaque cursor', async () => {
    const { client } = plane;
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await client.get(`/v1/members?limit=2${query}`, { token: admin.accessToken });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((m: any) => m.id));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(seen).toContain(admin.accountId);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(2);
  });

  it.each([
    ['a limit over 100', 'limit=101', 'query.limit'],
    [
      'a forged cursor',
      `cursor=${Buffer.from('{"sk":"SESSION#x"}').toString('base64url')}`,
      'query.cursor',
    ],
  ])('refuses %s', async (_label, query, field) => {
    const res = await plane.client.get(`/v1/members?${query}`, { token: admin.accessToken });
    expectProblem(res, 422, 'validation-failed');
    expect(res.body.errors.map((e: any) => e.field)).toContain(field);
  });

  it('changes a role with effect from the next request, never to administrator', async () => {
    const { client } = plane;
    const member = await addMember(client, admin.accessToken);
    expect((await client.get('/v1/audit-events', { token: member.accessToken })).status).toBe(403);

    const role = await client.post(
      '/v1/roles',
      { name: 'auditor', permissions: ['audit:read'] },
      { token: admin.accessToken },
    );
    expect([201, 409]).toContain(role.status);
    const patched = await client.patch(
      `/v1/members/${member.accountId}`,
      { role: 'auditor' },
      { token: admin.accessToken },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.role).toBe('auditor');
    expect((await client.get('/v1/audit-events', { token: member.accessToken })).status).toBe(200);

    const promote = await client.patch(
      `/v1/members/${member.accountId}`,
      { role: 'administrator' },
      { token: admin.accessToken },
    );
    expectProblem(promote, 422, 'validation-failed');
    const demoteAdmin = await client.patch(
      `/v1/members/${admin.accountId}`,
      { role: 'member' },
      { token: admin.accessToken },
    );
    expectProblem(demoteAdmin, 409, 'conflict');
    const removeAdmin = await client.delete(`/v1/members/${admin.accountId}`, {
      token: admin.accessToken,
    });
    expectProblem(removeAdmin, 409, 'conflict');
  });
});

describe('removing a member', () => {
  it('stops its access token, refresh token and API keys at once and keeps its history', async () => {
    const { client } = plane;
    const role = await client.post(
      '/v1/roles',
      { name: 'key-holder', permissions: ['api-keys:manage', 'enterprise:read'] },
      { token: admin.accessToken },
    );
    expect(role.status).toBe(201);
    const member = await addMember(client, admin.accessToken, 'key-holder');
    const key = await createApiKey(client, member.accessToken, ['enterprise:read']);
    expect((await client.get('/v1/enterprise', { token: key.key })).status).toBe(200);

    const removed = await client.delete(`/v1/members/${member.accountId}`, {
      token: admin.accessToken,
    });
    expect(removed.status).toBe(204);

    expectProblem(
      await client.get('/v1/me', { token: member.accessToken }),
      401,
      'unauthenticated',
    );
    expectProblem(await client.get('/v1/enterprise', { token: key.key }), 401, 'unauthenticated');
    const refresh = await client.post('/v1/sessions/refresh', {
      refreshToken: member.refreshToken,
    });
    expectProblem(refresh, 401, 'unauthenticated');
    const signIn = await client.post('/v1/sessions', {
      email: member.email,
      password: STRONG_PASSWORD,
    });
    expectProblem(signIn, 401, 'unauthenticated');

    const record = await client.get(`/v1/members/${member.accountId}`, {
      token: admin.accessToken,
    });
    expect(record.body).toMatchObject({ status: 'disabled', email: member.email });
    expect(record.body.removedAt).toBeDefined();
    const keys = await client.get('/v1/api-keys', { token: admin.accessToken });
    expect(keys.body.items.find((k: any) => k.id === key.id).revokedAt).toBeDefined();

    const history = await auditTrail(client, admin.accessToken, `&actor=${member.accountId}`);
    expect(history.map((e) => e.action)).toEqual(['api-key.created', 'member.joined']);
    const removal = await auditTrail(client, admin.accessToken, '&action=member.removed');
    expect(removal.some((e) => e.target.id === member.accountId)).toBe(true);
  });

  it('lets a removed person be invited again, as a new account', async () => {
    const { client } = plane;
    const member = await addMember(client, admin.accessToken);
    await client.delete(`/v1/members/${member.accountId}`, { token: admin.accessToken });

    const again = await client.post(
      '/v1/invitations',
      { email: member.email, role: 'member' },
      { token: admin.accessToken },
    );
    expect(again.status).toBe(201);
    const accepted = await client.post(`/v1/invitations/${again.body.token}/accept`, {
      name: 'Back Again',
      password: STRONG_PASSWORD,
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.account.id).not.toBe(member.accountId);
    const old = await client.get(`/v1/members/${member.accountId}`, { token: admin.accessToken });
    expect(old.body.status).toBe('disabled');
  });
});
