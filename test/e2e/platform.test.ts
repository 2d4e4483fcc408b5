import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable } from '../../shared/store/table';
import { setLimit, waitForCluster } from '../support/clusters';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { expectProblem, signUpEnterprise } from '../support/enterprises';

let plane: TestControlPlane;

beforeAll(async () => {
  plane = await startTestControlPlane({ VKS_SIGNUP_LIMIT: '1000', VKS_SIM_DELAY_MS: '20' });
});
afterAll(() => plane.stop());

const spec = {
  displayName: 'NVIDIA B200',
  instanceType: 'p6-b200.48xlarge',
  gpusPerNode: 8,
  maxNodes: 4,
  capacityType: 'CAPACITY_BLOCK',
};

describe('GPU catalogue', () => {
  it('is seeded on first start and readable by anyone signed in', async () => {
    const admin = await signUpEnterprise(plane.client);
    const res = await plane.client.get('/v1/gpu-types', { token: admin.accessToken });
    expect(res.status).toBe(200);
    const byType = Object.fromEntries(res.body.items.map((t: any) => [t.type, t]));
    expect(byType.h100).toMatchObject({ instanceType: 'p5.48xlarge', gpusPerNode: 8 });
    expect(byType.a100).toMatchObject({ instanceType: 'p4d.24xlarge', gpusPerNode: 8 });
    expect(byType.l40s).toMatchObject({ instanceType: 'g6e.12xlarge', gpusPerNode: 4 });
    expect(byType.a10g).toMatchObject({ instanceType: 'g5.xlarge', gpusPerNode: 1 });
    expect(byType.h100.taints).toEqual([
      { key: 'vks.io/gpu-type', value: 'h100', effect: 'NoSchedule' },
    ]);
    expect(byType.h100.nodeLabels['vks.io/gpu-type']).toBe('h100');

    const anonymous = await plane.client.get('/v1/gpu-types');
    expectProblem(anonymous, 401, 'unauthenticated');
  });

  it('is extended and changed by the operator only', async () => {
    const admin = await signUpEnterprise(plane.client);
    const byTenant = await plane.client.put('/v1/platform/gpu-types/b200', spec, {
      token: admin.accessToken,
    });
    expectProblem(byTenant, 403, 'forbidden');

    const created = await plane.client.put('/v1/platform/gpu-types/b200', spec, {
      token: plane.operatorToken,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'b200',
      version: 1,
      capacityType: 'CAPACITY_BLOCK',
    });

    const changed = await plane.client.put(
      '/v1/platform/gpu-types/b200',
      { ...spec, maxNodes: 6 },
      { token: plane.operatorToken },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ maxNodes: 6, version: 2 });

    const bad = await plane.client.put(
      '/v1/platform/gpu-types/B200!',
      { ...spec, gpusPerNode: 0, extra: true },
      { token: plane.operatorToken },
    );
    expectProblem(bad, 422, 'validation-failed');
  });
});

describe('operator routes', () => {
  it('refuse a missing or wrong operator token', async () => {
    expectProblem(await plane.client.get('/v1/platform/enterprises'), 401, 'unauthenticated');
    const wrong = await plane.client.get('/v1/platform/enterprises', {
      token: `x${plane.operatorToken}`,
    });
    expectProblem(wrong, 403, 'forbidden');
  });

  it('list every enterprise, page by page', async () => {
    const a = await signUpEnterprise(plane.client);
    const b = await signUpEnterprise(plane.client);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await plane.client.get(
        `/v1/platform/enterprises?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: plane.operatorToken },
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      ids.push(...res.body.items.map((e: any) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual(expect.arrayContaining([a.enterpriseId, b.enterpriseId]));
    expect(new Set(ids).size).toBe(ids.length);

    const forged = Buffer.from(JSON.stringify({ PK: 'ENT#x', SK: 'PROFILE' })).toString(
      'base64url',
    );
    const res = await plane.client.get(`/v1/platform/enterprises?cursor=${forged}`, {
      token: plane.operatorToken,
    });
    expectProblem(res, 422, 'validation-failed');
  });

  it('set a parallelism limit with per-type caps, shown on the enterprise and in usage', async () => {
    const admin = await signUpEnterprise(plane.client);
    const enterprise = await setLimit(plane, admin.enterpriseId, {
      total: 12,
      perType: { h100: 8 },
    });
    expect(enterprise.parallelismLimit).toEqual({ total: 12, perType: { h100: 8 } });

    const usage = await plane.client.get('/v1/usage', { token: admin.accessToken });
    expect(usage.body.total).toEqual({ limit: 12, reserved: 0, free: 12 });
    expect(usage.body.perType.h100).toEqual({ limit: 8, reserved: 0, free: 8 });
    expect(usage.body.perType.a10g).toEqual({ limit: null, reserved: 0, free: 12 });

    const overCap = await plane.client.post(
      '/v1/clusters',
      { name: 'too-many-h100', gpuLimits: { h100: 9 } },
      { token: admin.accessToken },
    );
    expectProblem(overCap, 409, 'quota-exceeded');
    expect(overCap.body).toMatchObject({ scope: 'h100', limit: 8, reserved: 0, requested: 9 });

    const inconsistent = await plane.client.patch(
      `/v1/platform/enterprises/${admin.enterpriseId}`,
      { parallelismLimit: { total: 4, perType: { h100: 8 } } },
      { token: plane.operatorToken },
    );
    expectProblem(inconsistent, 422, 'validation-failed');

    const missing = await plane.client.patch(
      '/v1/platform/enterprises/ent_doesnotexist',
      { parallelismLimit: { total: 4 } },
      { token: plane.operatorToken },
    );
    expectProblem(missing, 404, 'not-found');
  });

  it('refuse lowering a limit below what is reserved, with the numbers', async () => {
    const admin = await signUpEnterprise(plane.client);
    await setLimit(plane, admin.enterpriseId, { total: 10 });
    const created = await plane.client.post(
      '/v1/clusters',
      { name: 'holder', gpuLimits: { a10g: 6 } },
      { token: admin.accessToken },
    );
    expect(created.status).toBe(202);

    const lower = await plane.client.patch(
      `/v1/platform/enterprises/${admin.enterpriseId}`,
      { parallelismLimit: { total: 5 } },
      { token: plane.operatorToken },
    );
    expectProblem(lower, 409, 'quota-exceeded');
    expect(lower.body).toMatchObject({ limit: 5, reserved: 6, requested: 5 });

    const enterprise = await plane.client.get('/v1/enterprise', { token: admin.accessToken });
    expect(enterprise.body.parallelismLimit.total).toBe(10);
    await waitForCluster(plane, admin.accessToken, created.body.id);
  });

  it('show the node pools with what is reserved of each type', async () => {
    const admin = await signUpEnterprise(plane.client);
    await setLimit(plane, admin.enterpriseId, { total: 8 });
    const created = await plane.client.post(
      '/v1/clusters',
      { name: 'pool-watch', gpuLimits: { l40s: 6 } },
      { token: admin.accessToken },
    );
    await waitForCluster(plane, admin.accessToken, created.body.id);

    const res = await plane.client.get('/v1/platform/node-pools', { token: plane.operatorToken });
    expect(res.status).toBe(200);
    const l40s = res.body.items.find((p: any) => p.gpuType === 'l40s');
    expect(l40s).toMatchObject({
      nodegroupName: 'vks-gpu-l40s',
      backend: 'simulator',
      nodeGroup: { status: 'ACTIVE', scaling: { minSize: 0, maxSize: l40s.nodesNeeded } },
    });
    expect(l40s.reservedGpus).toBeGreaterThanOrEqual(6);
  });
});

describe('the audit trail', () => {
  const auditOf = async (pk: string) => {
    const table = openTable({ tableName: plane.tableName, endpoint: plane.dynamodbEndpoint });
    try {
      const { Items = [] } = await table.client.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
          ExpressionAttributeValues: { ':pk': pk, ':audit': 'AUDIT#' },
        }),
      );
      return Items;
    } finally {
      table.client.destroy();
    }
  };

  it('records the operator’s catalogue and limit changes and every cluster step', async () => {
    await plane.client.put(
      '/v1/platform/gpu-types/t4',
      { ...spec, instanceType: 'g4dn.xlarge' },
      {
        token: plane.operatorToken,
      },
    );
    const platform = await auditOf('PLATFORM#AUDIT');
    expect(platform).toContainEqual(
      expect.objectContaining({
        action: 'gpu-type.created',
        target: { type: 'gpu-type', id: 't4' },
        actor: { kind: 'operator' },
      }),
    );

    const admin = await signUpEnterprise(plane.client);
    await setLimit(plane, admin.enterpriseId, { total: 2 });
    const created = await plane.client.post(
      '/v1/clusters',
      { name: 'audited', gpuLimits: { a10g: 1 } },
      { token: admin.accessToken },
    );
    await waitForCluster(plane, admin.accessToken, created.body.id);
    const actions = (await auditOf(`ENT#${admin.enterpriseId}`)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'enterprise.parallelism-limit-changed',
        'cluster.created',
        'cluster.ready',
      ]),
    );
  });
});
