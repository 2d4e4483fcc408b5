import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLimit, waitForCluster } from '../support/clusters';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { expectProblem, signUpEnterprise } from '../support/enterprises';

let plane: TestControlPlane;

beforeAll(async () => {
  plane = await startTestControlPlane({ VKS_SIGNUP_LIMIT: '1000', VKS_SIM_DELAY_MS: '20' });
});
afterAll(() => plane.stop());

const create = (token: string, body: unknown, headers?: Record<string, string>) =>
  plane.client.post('/v1/clusters', body, { token, ...(headers ? { headers } : {}) });

describe('cluster names', () => {
  it('are unique in the enterprise, even when 10 requests race for one', async () => {
    const admin = await signUpEnterprise(plane.client);
    await setLimit(plane, admin.enterpriseId, { total: 20 });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        create(admin.accessToken, { name: 'same', gpuLimits: { a10g: 1 } }),
      ),
    );
    expect(results.filter((r) => r.status === 202)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 202)) expectProblem(r, 409, 'conflict');

    const usage = await plane.client.get('/v1/usage', { token: admin.accessToken });
    expect(usage.body.total.reserved).toBe(1);

    const other = await signUpEnterprise(plane.client);
    const elsewhere = await create(other.accessToken, { name: 'same', gpuLimits: { a10g: 1 } });
    expect(elsewhere.status).toBe(202);
    expect(elsewhere.body.namespace).not.toBe(
      results.find((r) => r.status === 202)!.body.namespace,
    );
  });

  it.each([
    ['a name that is not a DNS label', { name: 'Not_A_Label', gpuLimits: { a10g: 1 } }, 'name'],
    ['an unknown GPU type', { name: 'ok', gpuLimits: { tpu: 1 } }, 'gpuLimits.tpu'],
    ['no GPUs at all', { name: 'ok', gpuLimits: { a10g: 0 } }, 'gpuLimits'],
    [
      'an unknown field',
      { name: 'ok', gpuLimits: { a10g: 1 }, namespace: 'kube-system' },
      'namespace',
    ],
  ])('refuses %s and writes nothing', async (_label, body, field) => {
    const admin = await signUpEnterprise(plane.client);
    const res = await create(admin.accessToken, body);
    expectProblem(res, 422, 'validation-failed');
    expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    const list = await plane.client.get('/v1/clusters', { token: admin.accessToken });
    expect(list.body.items).toEqual([]);
  });
});

describe('another enterprise’s cluster', () => {
  it('is not found, whatever is asked of it', async () => {
    const owner = await signUpEnterprise(plane.client);
    const created = await create(owner.accessToken, { name: 'private', gpuLimits: { a10g: 1 } });
    const intruder = await signUpEnterprise(plane.client);
    const path = `/v1/clusters/${created.body.id}`;

    expectProblem(await plane.client.get(path, { token: intruder.accessToken }), 404, 'not-found');
    expectProblem(
      await plane.client.patch(path, { gpuLimits: { a10g: 2 } }, { token: intruder.accessToken }),
      404,
      'not-found',
    );
    expectProblem(
      await plane.client.delete(path, { token: intruder.accessToken }),
      404,
      'not-found',
    );
    expect((await waitForCluster(plane, owner.accessToken, created.body.id)).status).toBe('READY');
  });
});

describe('changing GPU limits', () => {
  it('grows and shrinks through UPDATING, refusing a second change while one runs', async () => {
    const admin = await signUpEnterprise(plane.client);
    await setLimit(plane, admin.enterpriseId, { total: 8 });
    const created = await create(admin.accessToken, { name: 'elastic', gpuLimits: { a10g: 2 } });
    const path = `/v1/clusters/${created.body.id}`;
    await waitForCluster(plane, admin.accessToken, created.body.id);

    const grow = await plane.client.patch(
      path,
      { gpuLimits: { a10g: 6 } },
      { token: admin.accessToken },
    );
    expect(grow.status).toBe(202);
    expect(grow.body).toMatchObject({ status: 'UPDATING', gpuLimits: { a10g: 6 } });
    const busy = await plane.client.patch(
      path,
      { gpuLimits: { a10g: 1 } },
      { token: admin.accessToken },
    );
    expectProblem(busy, 409, 'conflict');

    const grown = await waitForCluster(plane, admin.accessToken, created.body.id);
    expect(grown).toMatchObject({ status: 'READY', gpuLimits: { a10g: 6 } });
    const quota = () =>
      plane.simulators.kube
        .namespaceObjects(grown.namespace)
        .find((o) => o.kind === 'ResourceQuota');
    expect(quota()?.spec).toMatchObject({ hard: { 'requests.nvidia.com/gpu': '6' } });

    const tooMuch = await plane.client.patch(
      path,
      { gpuLimits: { a10g: 9 } },
      { token: admin.accessToken },
    );
    expectProblem(tooMuch, 409, 'quota-exceeded');
    expect(tooMuch.body).toMatchObject({ limit: 8, reserved: 6, requested: 3 });

    const shrink = await plane.client.patch(
      path,
      { gpuLimits: { a10g: 1 } },
      { token: admin.accessToken },
    );
    expect(shrink.status).toBe(202);
    await waitForCluster(plane, admin.accessToken, created.body.id);
    expect(quota()?.spec).toMatchObject({ hard: { 'requests.nvidia.com/gpu': '1' } });
    const usage = await plane.client.get('/v1/usage', { token: admin.accessToken });
    expect(usage.body.total).toEqual({ limit: 8, reserved: 1, free: 7 });
  });
});

describe('Idempotency-Key on POST /v1/clusters', () => {
  it('answers a retry with the first answer, and refuses the key with another body', async () => {
    const admin = await signUpEnterprise(plane.client);
    const body = { name: 'once', gpuLimits: { a10g: 1 } };
    const first = await create(admin.accessToken, body, { 'idempotency-key': 'create-once-1' });
    const again = await create(admin.accessToken, body, { 'idempotency-key': 'create-once-1' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));

    const other = await create(
      admin.accessToken,
      { name: 'twice', gpuLimits: { a10g: 1 } },
      { 'idempotency-key': 'create-once-1' },
    );
    expectProblem(other, 422, 'idempotency-key-reused');
    const list = await plane.client.get('/v1/clusters', { token: admin.accessToken });
    expect(list.body.items).toHaveLength(1);
  });
});

describe('listing clusters', () => {
  it('pages with an opaque cursor that cannot leave the enterprise', async () => {
    const admin = await signUpEnterprise(plane.client);
    await setLimit(plane, admin.enterpriseId, { total: 5 });
    for (const name of ['c1', 'c2', 'c3', 'c4', 'c5']) {
      expect((await create(admin.accessToken, { name, gpuLimits: { a10g: 1 } })).status).toBe(202);
    }
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await plane.client.get(
        `/v1/clusters?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        {
          token: admin.accessToken,
        },
      );
      names.push(...res.body.items.map((c: any) => c.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(names.sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);

    const other = await signUpEnterprise(plane.client);
    const forged = Buffer.from(
      JSON.stringify({ PK: `ENT#${admin.enterpriseId}`, SK: 'CLUSTER#vc_x' }),
    ).toString('base64url');
    const res = await plane.client.get(`/v1/clusters?cursor=${forged}`, {
      token: other.accessToken,
    });
    expectProblem(res, 422, 'validation-failed');
  });
});

describe('limits under concurrency', () => {
  it('never leave more reserved than the limit when it is lowered during a rush of creates', async () => {
    const admin = await signUpEnterprise(plane.client);
    await setLimit(plane, admin.enterpriseId, { total: 8 });
    const [lowered, ...creates] = await Promise.all([
      plane.client.patch(
        `/v1/platform/enterprises/${admin.enterpriseId}`,
        { parallelismLimit: { total: 3 } },
        { token: plane.operatorToken },
      ),
      ...Array.from({ length: 8 }, (_, i) =>
        create(admin.accessToken, { name: `rush-${i}`, gpuLimits: { a10g: 1 } }),
      ),
    ]);
    const made = creates.filter((r) => r.status === 202).length;
    const usage = await plane.client.get('/v1/usage', { token: admin.accessToken });
    expect(usage.body.total.reserved).toBe(made);
    expect(usage.body.total.reserved).toBeLessThanOrEqual(usage.body.total.limit);
    if (lowered!.status === 200) expect(usage.body.total.limit).toBe(3);
    else expectProblem(lowered!, 409, 'quota-exceeded');
  });
});
