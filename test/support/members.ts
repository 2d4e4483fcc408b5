import { expect } from 'vitest';
import type { Client } from './http';
import { STRONG_PASSWORD, uniqueEmail } from './enterprises';

export interface Member {
  readonly accountId: string;
  readonly email: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** Invites someone with `role` as `adminToken` and accepts the invitation, over HTTP. */
export async function addMember(client: Client, adminToken: string, role = 'member') {
  const email = uniqueEmail('member');
  const invited = await client.post('/v1/invitations', { email, role }, { token: adminToken });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);

  const accepted = await client.post(`/v1/invitations/${invited.body.token}/accept`, {
    name: 'Mo Member',
    password: STRONG_PASSWORD,
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
  return {
    accountId: accepted.body.account.id,
    email,
    accessToken: accepted.body.accessToken,
    refreshToken: accepted.body.refreshToken,
  } satisfies Member;
}

export async function createRole(
  client: Client,
  adminToken: string,
  name: string,
  permissions: string[],
) {
  const res = await client.post(
    '/v1/roles',
    { name, description: `Test role ${name}`, permissions },
    { token: adminToken },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function createApiKey(client: Client, token: string, permissions: string[]) {
  const res = await client.post(
    '/v1/api-keys',
    { name: `key with ${permissions.length} permissions`, permissions },
    { token },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; key: string };
}

/** Every audit event of the enterprise, newest first, following the cursor to the end. */
export async function auditTrail(client: Client, token: string, query = '') {
  const events: any[] = [];
  let cursor: string | undefined;
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await client.get(`/v1/audit-events?limit=100${query}${suffix}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    events.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return events;
}

/**
 * `count` members, a few at a time: each acceptance hashes a password with scrypt on libuv's
 * thread pool, which the test's own HTTP client also needs to resolve `localhost`.
 */
export async function addMembers(client: Client, adminToken: string, count: number, role?: string) {
  const members: Member[] = [];
  while (members.length < count) {
    const batch = Math.min(4, count - members.length);
    members.push(
      ...(await Promise.all(
        Array.from({ length: batch }, () => addMember(client, adminToken, role)),
      )),
    );
  }
  return members;
}
