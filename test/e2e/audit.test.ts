import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable, type Table } from '../../shared/store/table';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { expectProblem, signUpEnterprise, STRONG_PASSWORD } from '../support/enterprises';
import { addMember, auditTrail, createApiKey, createRole } from '../support/members';

let plane: TestControlPlane;
let table: Table;

beforeAll(async () => {
  plane = await startTestControlPlane({ VKS_SIGNUP_LIMIT: '1000' });
  table = openTable({ tableName: plane.tableName, endpoint: plane.dynamodbEndpoint });
});
afterAll(async () => {
  table.client.destroy();
  await plane.stop();
});

/** The types of the events the enterprise's changes put in the outbox, oldest first. */
async function eventsInOutbox(enterpriseId: string): Promise<string[]> {
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
      ExpressionAttributeValues: { ':pk': `ENT#${enterpriseId}`, ':event': 'EVENT#' },
      ConsistentRead: true,
    }),
  );
  return Items.map((i) => String(i.type));
}

describe('GET /v1/audit-events', () => {
  it('shows each step of a team’s life, newest first, with actor, target and request', async () => {
    const { client } = plane;
    const admin = await signUpEnterprise(client);
    const token = admin.accessToken;

    await createRole(client, token, 'operators', ['enterprise:read', 'api-keys:manage']);
    const member = await addMember(client, token, 'operators');
    const key = await createApiKey(client, member.accessToken, ['enterprise:read']);
    await client.delete(`/v1/api-keys/${key.id}`, { token });
    await client.patch(`/v1/members/${member.accountId}`, { role: 'member' }, { token });
    await client.patch('/v1/enterprise', { name: 'Renamed' }, { token });
    const heir = await addMember(client, token);
    await client.put('/v1/enterprise/administrator', { accountId: heir.accountId }, { token });
    const removal = await client.delete(`/v1/members/${member.accountId}`, {
      token: heir.accessToken,
      headers: { 'x-request-id': 'removal-request-1' },
    });
    expect(removal.status).toBe(204);
    await client.post('/v1/sessions', { email: admin.email, password: STRONG_PASSWORD });

    const events = await auditTrail(client, heir.accessToken);

    expect(events.map((e) => e.action)).toEqual([
      'session.created',
      'member.removed',
      'administrator.transferred',
      'member.joined',
      'member.invited',
      'enterprise.updated',
      'member.role_changed',
      'api-key.revoked',
      'api-key.created',
      'member.joined',
      'member.invited',
      'role.created',
      'enterprise.created',
    ]);
    const removed = events.find((e) => e.action === 'member.removed');
    expect(removed).toMatchObject({
      actor: { kind: 'account', id: heir.accountId },
      target: { type: 'account', id: member.accountId },
      requestId: 'removal-request-1',
    });
    expect(removed.sourceIp).toMatch(/127\.0\.0\.1/);
    const at = events.map((e) => e.at);
    expect([...at].sort().reverse()).toEqual(at);

    const outbox = await eventsInOutbox(admin.enterpriseId);
    expect(outbox).toEqual(
      expect.arrayContaining([
        'member.invited',
        'member.joined',
        'member.role_changed',
        'administrator.transferred',
        'member.removed',
      ]),
    );
  });

  it('filters by action and by actor', async () => {
    const { client } = plane;
    const admin = await signUpEnterprise(client);
    const member = await addMember(client, admin.accessToken);
    await addMember(client, admin.accessToken);

    const joined = await auditTrail(client, admin.accessToken, '&action=member.joined');
    expect(joined).toHaveLength(2);
    expect(joined.every((e) => e.action === 'member.joined')).toBe(true);

    const byMember = await auditTrail(client, admin.accessToken, `&actor=${member.accountId}`);
    expect(byMember.map((e) => e.action)).toEqual(['member.joined']);
  });

  it('pages through with an opaque cursor without repeating an event', async () => {
    const { client } = plane;
    const admin = await signUpEnterprise(client);
    for (let i = 0; i < 5; i++) {
      await client.patch('/v1/enterprise', { name: `Name ${i}` }, { token: admin.accessToken });
    }
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await client.get(`/v1/audit-events?limit=2${query}`, {
        token: admin.accessToken,
      });
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      ids.push(...page.body.items.map((e: any) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it('needs audit:read, and offers no way to change or delete an event', async () => {
    const { client } = plane;
    const admin = await signUpEnterprise(client);
    const member = await addMember(client, admin.accessToken);
    expectProblem(
      await client.get('/v1/audit-events', { token: member.accessToken }),
      403,
      'forbidden',
    );

    const [event] = await auditTrail(client, admin.accessToken);
    for (const method of ['DELETE', 'PUT', 'PATCH']) {
      const res = await client.request(method, `/v1/audit-events/${event.id}`, {
        token: admin.accessToken,
        body: {},
      });
      expectProblem(res, 404, 'not-found');
    }
    expect((await auditTrail(client, admin.accessToken))[0].id).toBe(event.id);
  });
});
