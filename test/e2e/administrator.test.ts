import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable, type Table } from '../../shared/store/table';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { expectProblem, signUpEnterprise, type SignedUp } from '../support/enterprises';
import { addMember, addMembers, createRole } from '../support/members';

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

async function storedAdministrators(enterpriseId: string) {
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `ENT#${enterpriseId}` },
      ConsistentRead: true,
    }),
  );
  return {
    enterprise: Items.find((i) => i.SK === 'PROFILE')!,
    administrators: Items.filter((i) => i.kind === 'account' && i.role === 'administrator'),
  };
}

describe('PUT /v1/enterprise/administrator', () => {
  let admin: SignedUp;
  beforeAll(async () => {
    admin = await signUpEnterprise(plane.client);
  });

  it('hands the role over; the former administrator becomes a member', async () => {
    const { client } = plane;
    const successor = await addMember(client, admin.accessToken);

    const res = await client.put(
      '/v1/enterprise/administrator',
      { accountId: successor.accountId },
      { token: admin.accessToken },
    );
    expect(res.status).toBe(200);
    expect(res.body.administratorId).toBe(successor.accountId);

    const former = await client.get('/v1/me', { token: admin.accessToken });
    expect(former.body.account.role).toBe('member');
    expect(former.body.permissions).not.toContain('members:manage');
    const now = await client.get('/v1/me', { token: successor.accessToken });
    expect(now.body.account.role).toBe('administrator');

    const back = await client.put(
      '/v1/enterprise/administrator',
      { accountId: successor.accountId },
      { token: admin.accessToken },
    );
    expectProblem(back, 403, 'forbidden');
  });
});

describe('hand-over to a holder of a custom role', () => {
  it('gives up the custom role, so that it can be deleted', async () => {
    const { client } = plane;
    const admin = await signUpEnterprise(client);
    await createRole(client, admin.accessToken, 'successors', ['usage:read']);
    const successor = await addMember(client, admin.accessToken, 'successors');

    const res = await client.put(
      '/v1/enterprise/administrator',
      { accountId: successor.accountId },
      { token: admin.accessToken },
    );
    expect(res.status).toBe(200);

    const role = await client.get('/v1/roles/successors', { token: successor.accessToken });
    expect(role.body.holders).toBe(0);
    const deleted = await client.delete('/v1/roles/successors', { token: successor.accessToken });
    expect(deleted.status).toBe(204);
  });

  it('refuses an account of another enterprise as if it did not exist', async () => {
    const { client } = plane;
    const admin = await signUpEnterprise(client);
    const other = await signUpEnterprise(client);

    const res = await client.put(
      '/v1/enterprise/administrator',
      { accountId: other.accountId },
      { token: admin.accessToken },
    );
    expectProblem(res, 404, 'not-found');
    const stored = await storedAdministrators(admin.enterpriseId);
    expect(stored.enterprise.administratorId).toBe(admin.accountId);
  });
});

describe('20 concurrent hand-overs', () => {
  it('leave exactly one administrator, in the store and in GET /v1/members', async () => {
    const { client } = plane;
    const admin = await signUpEnterprise(client);
    const members = await addMembers(client, admin.accessToken, 20);

    const results = await Promise.all(
      members.map((m) =>
        client.put(
          '/v1/enterprise/administrator',
          { accountId: m.accountId },
          { token: admin.accessToken },
        ),
      ),
    );

    const won = results.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    // A loser either raced the winner's transaction (409) or arrived after it, when its caller
    // was no longer the administrator (403).
    for (const r of results.filter((r) => r.status !== 200)) {
      if (r.status === 409) expectProblem(r, 409, 'conflict');
      else expectProblem(r, 403, 'forbidden');
    }
    const winner = won[0]!.body.administratorId;

    const stored = await storedAdministrators(admin.enterpriseId);
    expect(stored.enterprise.administratorId).toBe(winner);
    expect(stored.administrators.map((a) => a.id)).toEqual([winner]);

    const listed = await client.get('/v1/members?limit=100', { token: admin.accessToken });
    expect(listed.status).toBe(403);
    const winnerToken = members.find((m) => m.accountId === winner)!.accessToken;
    const page = await client.get('/v1/members?limit=100', { token: winnerToken });
    const administrators = page.body.items.filter((m: any) => m.role === 'administrator');
    expect(administrators.map((m: any) => m.id)).toEqual([winner]);
    expect(page.body.items.find((m: any) => m.id === admin.accountId).role).toBe('member');
  });

  it('leave exactly one when two administrators-to-be race from both sides', async () => {
    const { client } = plane;
    const admin = await signUpEnterprise(client);
    const [a, b] = await Promise.all([
      addMember(client, admin.accessToken),
      addMember(client, admin.accessToken),
    ]);
    const first = await client.put(
      '/v1/enterprise/administrator',
      { accountId: a!.accountId },
      { token: admin.accessToken },
    );
    expect(first.status).toBe(200);

    // The new administrator hands on while the former one, no longer administrator, tries too.
    const [fromNew, fromFormer] = await Promise.all([
      client.put(
        '/v1/enterprise/administrator',
        { accountId: b!.accountId },
        { token: a!.accessToken },
      ),
      client.put(
        '/v1/enterprise/administrator',
        { accountId: b!.accountId },
        { token: admin.accessToken },
      ),
    ]);
    expect(fromNew.status).toBe(200);
    expectProblem(fromFormer, 403, 'forbidden');
    const stored = await storedAdministrators(admin.enterpriseId);
    expect(stored.administrators.map((x) => x.id)).toEqual([b!.accountId]);
  });
});
