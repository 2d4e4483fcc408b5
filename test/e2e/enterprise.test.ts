import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable } from '../../shared/store/table';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { expectProblem, signUpEnterprise, type SignedUp } from '../support/enterprises';

let plane: TestControlPlane;
let admin: SignedUp;

beforeAll(async () => {
  plane = await startTestControlPlane();
  admin = await signUpEnterprise(plane.client);
});
afterAll(() => plane.stop());

async function partition(enterpriseId: string) {
  const table = openTable({ tableName: plane.tableName, endpoint: plane.dynamodbEndpoint });
  const { Items } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `ENT#${enterpriseId}` },
    }),
  );
  table.client.destroy();
  // The in-process dispatcher may mark an earlier event dispatched between two reads; that is its
  // bookkeeping, not a write by the request under test, so only the event itself is compared.
  return (Items ?? []).map((item) => {
    if (!String(item.SK).startsWith('EVENT#')) return item;
    const { GSI1PK: _pk, GSI1SK: _sk, dispatchedAt: _at, ...event } = item;
    return event;
  });
}

describe('the enterprise profile', () => {
  it('is read with an ETag and changed with a matching If-Match', async () => {
    const read = await plane.client.get('/v1/enterprise', { token: admin.accessToken });
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag')!;
    expect(etag).toMatch(/^"v\d+"$/);

    const billingAddress = {
      line1: '1 Dock Road',
      city: 'Leeds',
      postalCode: 'LS1 1AA',
      country: 'GB',
    };
    const changed = await plane.client.patch(
      '/v1/enterprise',
      { name: 'Acme Renamed', contactEmail: 'billing@example.com', billingAddress },
      { token: admin.accessToken, headers: { 'if-match': etag } },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Acme Renamed',
      contactEmail: 'billing@example.com',
      billingAddress,
    });
    expect(changed.headers.get('etag')).not.toBe(etag);

    const again = await plane.client.get('/v1/enterprise', { token: admin.accessToken });
    expect(again.body.name).toBe('Acme Renamed');
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const read = await plane.client.get('/v1/enterprise', { token: admin.accessToken });
    await plane.client.patch(
      '/v1/enterprise',
      { name: 'First Writer' },
      { token: admin.accessToken },
    );

    const stale = await plane.client.patch(
      '/v1/enterprise',
      { name: 'Second Writer' },
      { token: admin.accessToken, headers: { 'if-match': read.headers.get('etag')! } },
    );
    expectProblem(stale, 412, 'precondition-failed');
    const now = await plane.client.get('/v1/enterprise', { token: admin.accessToken });
    expect(now.body.name).toBe('First Writer');
  });

  it('records the change in the audit log and the outbox, in the same write', async () => {
    const res = await plane.client.patch(
      '/v1/enterprise',
      { name: 'Audited Co' },
      { token: admin.accessToken },
    );
    expect(res.status).toBe(200);

    const items = await partition(admin.enterpriseId);
    const audit = items.filter((i) => i.kind === 'audit' && i.action === 'enterprise.updated');
    const events = items.filter((i) => i.kind === 'event' && i.type === 'enterprise.updated');
    expect(audit.length).toBeGreaterThan(0);
    expect(events.length).toBe(audit.length);
    expect(audit.at(-1)).toMatchObject({ actor: { kind: 'account', id: admin.accountId } });
  });

  it.each([
    ['an unknown field', { name: 'X', plan: 'enterprise' }],
    ['an empty change', {}],
    ['a bad contact e-mail', { contactEmail: 'nope' }],
    [
      'a country that is not ISO 3166',
      { billingAddress: { line1: 'a', city: 'b', postalCode: 'c', country: 'England' } },
    ],
    ['a field that is not basic information', { administratorId: 'acc_x' }],
  ])('refuses %s with 422 and writes nothing', async (_label, body) => {
    const before = await partition(admin.enterpriseId);
    const res = await plane.client.patch('/v1/enterprise', body, { token: admin.accessToken });
    expectProblem(res, 422, 'validation-failed');
    expect(await partition(admin.enterpriseId)).toEqual(before);
  });

  it('keeps each enterprise to itself', async () => {
    const other = await signUpEnterprise(plane.client);
    await plane.client.patch('/v1/enterprise', { name: 'Other Co' }, { token: other.accessToken });

    const mine = await plane.client.get('/v1/enterprise', { token: admin.accessToken });
    expect(mine.body.id).toBe(admin.enterpriseId);
    expect(mine.body.name).not.toBe('Other Co');
  });
});
