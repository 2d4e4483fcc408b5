import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantablePermissions } from '../../shared/domain/permissions';
import { openTable, type Table } from '../../shared/store/table';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { signUpEnterprise, STRONG_PASSWORD, type SignedUp } from '../support/enterprises';
import { addMember, createApiKey, createRole, type Member } from '../support/members';
import { operationsOf, type Operation as WalkedOperation } from '../support/openapi-walk';
import { waitForCluster } from '../support/clusters';
import {
  isolationFixtures,
  OPERATOR_ONLY,
  quietWebhook,
  type EnterpriseA,
  type Fixture,
} from './isolation-fixtures';

/**
 * Walks the OpenAPI document the server publishes and, for every operation that is not public,
 * tries it as another enterprise, as a member lacking its permission and as an API key lacking
 * it, checking that enterprise A's partition is unchanged after each attempt.
 */
type Operation = WalkedOperation & { readonly key: string };

let plane: TestControlPlane;
let table: Table;
let operations: Operation[];
let adminA: SignedUp;
let adminB: SignedUp;
let lacking: Member;
let a: EnterpriseA;
let markersOfA: string[];

beforeAll(async () => {
  plane = await startTestControlPlane({
    VKS_SIGNUP_LIMIT: '1000',
    VKS_WEBHOOK_ALLOW_PRIVATE: 'true',
    VKS_WEBHOOK_ALLOW_HTTP: 'true',
    VKS_WEBHOOK_POLL_MS: '20',
    VKS_SIM_DELAY_MS: '20',
  });
  table = openTable({ tableName: plane.tableName, endpoint: plane.dynamodbEndpoint });
  operations = await walkOpenApi();

  const suffix = Math.random().toString(36).slice(2, 8);
  adminA = await signUpEnterprise(plane.client, { enterpriseName: `Enterprise A ${suffix}` });
  adminB = await signUpEnterprise(plane.client, { enterpriseName: 'Enterprise B' });
  const token = adminA.accessToken;
  const roleName = `fixture-role-${suffix}`;
  await createRole(plane.client, token, roleName, ['enterprise:read']);
  const member = await addMember(plane.client, token, roleName);
  lacking = await addMember(plane.client, token);
  const invitation = await plane.client.post(
    '/v1/invitations',
    { email: `pending-${suffix}@example.com`, role: 'member' },
    { token },
  );
  const apiKey = await createApiKey(plane.client, token, ['enterprise:read']);
  const webhook = await plane.client.post('/v1/webhooks', quietWebhook, { token });
  expect(webhook.status, JSON.stringify(webhook.body)).toBe(201);
  const cluster = await plane.client.post(
    '/v1/clusters',
    { name: `fixture-${suffix}`, gpuLimits: { a10g: 1 } },
    { token },
  );
  expect(cluster.status, JSON.stringify(cluster.body)).toBe(202);
  // A cluster still provisioning writes to A's partition; the suite compares it at rest.
  expect((await waitForCluster(plane, token, cluster.body.id)).status).toBe('READY');
  const exported = await plane.client.post(
    `/v1/clusters/${cluster.body.id}/service-exports`,
    { name: `web-${suffix}`, service: 'web', port: 80, protocol: 'HTTP' },
    { token },
  );
  expect(exported.status, JSON.stringify(exported.body)).toBe(202);
  await plane.exportsSettled();
  a = {
    enterpriseId: adminA.enterpriseId,
    administratorId: adminA.accountId,
    memberId: member.accountId,
    roleName,
    invitationId: invitation.body.id,
    apiKeyId: apiKey.id,
    webhookId: webhook.body.id,
    clusterId: cluster.body.id,
    exportName: exported.body.name,
  };
  markersOfA = [...Object.values(a), lacking.accountId, `Enterprise A ${suffix}`];
});
afterAll(async () => {
  table.client.destroy();
  await plane.stop();
});

async function walkOpenApi(): Promise<Operation[]> {
  const res = await plane.client.get('/openapi.json');
  expect(res.status).toBe(200);
  const all = operationsOf(res.body);
  for (const op of all) {
    expect(op.permission, `${op.method} ${op.path} has no x-permission`).toBeDefined();
  }
  return all
    .filter((op) => op.permission !== 'public')
    .map((op) => ({ ...op, key: `${op.method} ${op.path}` }));
}

function fixtureOf(operation: Operation): Fixture | undefined {
  return isolationFixtures[operation.key]?.(a);
}

const hasPathId = (operation: Operation) => operation.path.includes('{');

function urlOf(operation: Operation, fixture: Fixture): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = fixture.params?.[name];
    if (value === undefined) throw new Error(`The fixture of ${operation.key} lacks "${name}".`);
    return encodeURIComponent(value);
  });
}

async function call(operation: Operation, token: string) {
  const fixture = fixtureOf(operation)!;
  return plane.client.request(operation.method, urlOf(operation, fixture), {
    token,
    ...(fixture.body !== undefined ? { body: fixture.body } : {}),
  });
}

/**
 * Enterprise A's partition as stored, once the in-process dispatcher has taken every event of A
 * out of the pending outbox (it marks them dispatched, which is not a change made by the request
 * under test). An API key's `lastUsedAt` is left out: using a key records its use, which is the
 * one write a refused request with a key is meant to make.
 */
async function partitionOfA(): Promise<unknown[]> {
  for (let read = 0; read < 500; read++) {
    const items = await readPartitionOfA();
    const pending = items.some((i) => String(i.SK).startsWith('EVENT#') && i.GSI1PK);
    if (!pending) return items.map(({ lastUsedAt: _used, ...rest }) => canonical(rest));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("Enterprise A's outbox never drained; is the dispatcher running?");
}

async function readPartitionOfA(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `ENT#${a.enterpriseId}` },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Attribute order is not part of an item; sorting keys makes two reads comparable as text. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
  );
}

async function freshTokenOfB(): Promise<string> {
  const res = await plane.client.post('/v1/sessions', {
    email: adminB.email,
    password: STRONG_PASSWORD,
  });
  expect(res.status).toBe(201);
  return res.body.accessToken;
}

const withFixtures = () => operations.filter((op) => isolationFixtures[op.key] !== undefined);
const withPermission = () => withFixtures().filter((op) => op.permission !== 'authenticated');

describe('tenant isolation, for every operation of the OpenAPI document', () => {
  it('finds the operations in the published document', () => {
    expect(operations.map((op) => op.key)).toEqual(
      expect.arrayContaining(['GET /v1/members/{id}', 'GET /v1/audit-events', 'GET /v1/me']),
    );
  });

  it('has a fixture for every operation that is not public', () => {
    const missing = operations.filter((op) => isolationFixtures[op.key] === undefined);
    expect(
      missing.map((op) => op.key),
      'Add an entry for each of these to isolationFixtures in test/e2e/isolation-fixtures.ts',
    ).toEqual([]);
  });

  it('answers another enterprise 404 for a path id, and never shows it A’s data', async () => {
    const failures: string[] = [];
    for (const operation of withFixtures()) {
      const token = await freshTokenOfB();
      const before = await partitionOfA();
      const res = await call(operation, token);
      const after = await partitionOfA();

      const expected = operation.permission === OPERATOR_ONLY ? 403 : 404;
      if ((hasPathId(operation) || expected === 403) && res.status !== expected) {
        failures.push(`${operation.key}: ${res.status} instead of ${expected}`);
      }
      // What the caller sent itself (a path id) may be echoed back; anything else of A may not.
      const sent = Object.values(fixtureOf(operation)!.params ?? {});
      const leaked = markersOfA.filter((m) => !sent.includes(m) && res.text.includes(m));
      if (leaked.length > 0) failures.push(`${operation.key}: showed ${leaked.join(', ')}`);
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        failures.push(`${operation.key}: changed enterprise A's data`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to a member lacking the permission, and writes nothing', async () => {
    const failures: string[] = [];
    for (const operation of withPermission()) {
      const role = await lackingRole(operation.permission);
      const patched = await plane.client.patch(
        `/v1/members/${lacking.accountId}`,
        { role },
        { token: adminA.accessToken },
      );
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);

      const before = await partitionOfA();
      const res = await call(operation, lacking.accessToken);
      const after = await partitionOfA();

      if (res.status !== 403) failures.push(`${operation.key}: ${res.status} instead of 403`);
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        failures.push(`${operation.key}: changed enterprise A's data`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to an API key lacking the permission, and writes nothing', async () => {
    const failures: string[] = [];
    for (const operation of withPermission()) {
      const others = grantablePermissions.filter((p) => p !== operation.permission);
      const key = await createApiKey(plane.client, adminA.accessToken, others);

      const before = await partitionOfA();
      const res = await call(operation, key.key);
      const after = await partitionOfA();

      if (res.status !== 403) failures.push(`${operation.key}: ${res.status} instead of 403`);
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        failures.push(`${operation.key}: changed enterprise A's data`);
      }
    }
    expect(failures).toEqual([]);
  });
});

/** A role of enterprise A with every grantable permission but `permission`. */
const lackingRoles = new Map<string, string>();
async function lackingRole(permission: string): Promise<string> {
  const known = lackingRoles.get(permission);
  if (known) return known;
  const name = `lacks-${permission.replace(/[^a-z]/g, '-')}`;
  const others = grantablePermissions.filter((p) => p !== permission);
  await createRole(plane.client, adminA.accessToken, name, others);
  lackingRoles.set(permission, name);
  return name;
}
