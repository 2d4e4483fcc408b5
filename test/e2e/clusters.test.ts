import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForCluster, setLimit } from '../support/clusters';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { expectProblem, signUpEnterprise } from '../support/enterprises';

let plane: TestControlPlane;

beforeAll(async () => {
  plane = await startTestControlPlane({ VKS_SIGNUP_LIMIT: '1000', VKS_SIM_DELAY_MS: '40' });
});
afterAll(() => plane.stop());

describe('virtual clusters within the parallelism limit', () => {
  it('makes two clusters of 8 h100 READY under a limit of 16 and refuses a third GPU', async () => {
    const admin = await signUpEnterprise(plane.client);
    await setLimit(plane, admin.enterpriseId, { total: 16 });

    const created = await Promise.all(
      ['alpha', 'beta'].map((name) =>
        plane.client.post(
          '/v1/clusters',
          { name, gpuLimits: { h100: 8 } },
          { token: admin.accessToken },
        ),
      ),
    );
    for (const res of created) {
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.headers.get('location')).toBe(`/v1/clusters/${res.body.id}`);
      expect(res.body).toMatchObject({ status: 'PROVISIONING', gpuLimits: { h100: 8 } });
    }
    const ready = await Promise.all(
      created.map((res) => waitForCluster(plane, admin.accessToken, res.body.id)),
    );
    expect(ready.map((c) => c.status)).toEqual(['READY', 'READY']);
    const pool = await plane.simulators.nodePools.describe('vks-gpu-h100');
    expect(pool).toMatchObject({ status: 'ACTIVE', scaling: { minSize: 0, maxSize: 2 } });

    const third = await plane.client.post(
      '/v1/clusters',
      { name: 'gamma', gpuLimits: { h100: 1 } },
      { token: admin.accessToken },
    );
    expectProblem(third, 409, 'quota-exceeded');
    expect(third.body).toMatchObject({ limit: 16, reserved: 16, requested: 1 });

    const usage = await plane.client.get('/v1/usage', { token: admin.accessToken });
    expect(usage.body.total).toEqual({ limit: 16, reserved: 16, free: 0 });
    expect(usage.body.perType.h100).toMatchObject({ reserved: 16 });

    const quota = plane.simulators.kube
      .namespaceObjects(ready[0].namespace)
      .find((o) => o.kind === 'ResourceQuota');
    expect(quota?.spec).toMatchObject({ hard: { 'requests.nvidia.com/gpu': '8' } });
  });

  it('makes exactly 4 clusters from 40 concurrent requests of 1 GPU against 4 free', async () => {
    const admin = await signUpEnterprise(plane.client);
    await setLimit(plane, admin.enterpriseId, { total: 4 });

    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        plane.client.post(
          '/v1/clusters',
          { name: `race-${i}`, gpuLimits: { a10g: 1 } },
          { token: admin.accessToken },
        ),
      ),
    );

    const accepted = results.filter((r) => r.status === 202);
    expect(accepted).toHaveLength(4);
    for (const r of results.filter((r) => r.status !== 202))
      expectProblem(r, 409, 'quota-exceeded');
    const list = await plane.client.get('/v1/clusters?limit=100', { token: admin.accessToken });
    expect(list.body.items).toHaveLength(4);
    const usage = await plane.client.get('/v1/usage', { token: admin.accessToken });
    expect(usage.body.total).toEqual({ limit: 4, reserved: 4, free: 0 });
    await Promise.all(accepted.map((r) => waitForCluster(plane, admin.accessToken, r.body.id)));
  });

  it('gives the GPUs back when a cluster is deleted', async () => {
    const admin = await signUpEnterprise(plane.client);
    await setLimit(plane, admin.enterpriseId, { total: 8 });
    const created = await plane.client.post(
      '/v1/clusters',
      { name: 'short-lived', gpuLimits: { l40s: 8 } },
      { token: admin.accessToken },
    );
    const ready = await waitForCluster(plane, admin.accessToken, created.body.id);
    expect(ready.status).toBe('READY');

    const deleting = await plane.client.delete(`/v1/clusters/${ready.id}`, {
      token: admin.accessToken,
    });
    expect(deleting.status).toBe(202);
    expect(deleting.body.status).toBe('DELETING');
    const gone = await waitForCluster(plane, admin.accessToken, ready.id, ['DELETED', 'FAILED']);
    expect(gone.status).toBe('DELETED');

    const usage = await plane.client.get('/v1/usage', { token: admin.accessToken });
    expect(usage.body.total).toEqual({ limit: 8, reserved: 0, free: 8 });
    expect(plane.simulators.kube.namespaceObjects(ready.namespace)).toEqual([]);
    expect(await plane.simulators.nodePools.describe('vks-gpu-l40s')).toBeUndefined();

    const again = await plane.client.post(
      '/v1/clusters',
      { name: 'short-lived', gpuLimits: { l40s: 8 } },
      { token: admin.accessToken },
    );
    expect(again.status, JSON.stringify(again.body)).toBe(202);
  });
});

describe('a failing node group', () => {
  it('ends FAILED with a reason and nothing reserved', async () => {
    const faulty = await startTestControlPlane({
      VKS_SIM_DELAY_MS: '30',
      VKS_SIM_FAULTS: 'CreateNodegroup',
    });
    try {
      const admin = await signUpEnterprise(faulty.client);
      const created = await faulty.client.post(
        '/v1/clusters',
        { name: 'doomed', gpuLimits: { a100: 8 } },
        { token: admin.accessToken },
      );
      expect(created.status).toBe(202);

      const failed = await waitForCluster(faulty, admin.accessToken, created.body.id);
      expect(failed.status).toBe('FAILED');
      expect(failed.statusReason).toMatch(/node pool vks-gpu-a100 could not be created/);

      const usage = await faulty.client.get('/v1/usage', { token: admin.accessToken });
      expect(usage.body.total).toMatchObject({ reserved: 0 });
      expect(usage.body.perType.a100).toMatchObject({ reserved: 0 });
      expect(faulty.simulators.kube.namespaceObjects(failed.namespace)).toEqual([]);
    } finally {
      await faulty.stop();
    }
  });

  it('compensates a failed namespace apply, and the FAILED cluster can be deleted', async () => {
    const faulty = await startTestControlPlane({
      VKS_SIM_DELAY_MS: '20',
      VKS_SIM_FAULTS: 'ApplyManifests',
    });
    try {
      const admin = await signUpEnterprise(faulty.client);
      const created = await faulty.client.post(
        '/v1/clusters',
        { name: 'no-namespace', gpuLimits: { a10g: 2 } },
        { token: admin.accessToken },
      );
      const failed = await waitForCluster(faulty, admin.accessToken, created.body.id);
      expect(failed.status).toBe('FAILED');
      expect(failed.statusReason).toMatch(/ApplyManifests failed/);
      const patch = await faulty.client.patch(
        `/v1/clusters/${failed.id}`,
        { gpuLimits: { a10g: 1 } },
        { token: admin.accessToken },
      );
      expectProblem(patch, 409, 'conflict');

      const pools = await faulty.client.get('/v1/platform/node-pools', {
        token: faulty.operatorToken,
      });
      const a10g = pools.body.items.find((p: any) => p.gpuType === 'a10g');
      expect(a10g.reservedGpus).toBe(0);

      const deleted = await faulty.client.delete(`/v1/clusters/${failed.id}`, {
        token: admin.accessToken,
      });
      expect(deleted.status).toBe(202);
      const gone = await waitForCluster(faulty, admin.accessToken, failed.id, [
        'DELETED',
        'FAILED',
      ]);
      expect(gone.status).toBe('DELETED');
      const usage = await faulty.client.get('/v1/usage', { token: admin.accessToken });
      expect(usage.body.total.reserved).toBe(0);
    } finally {
      await faulty.stop();
    }
  });

  it('restores the previous limits when growing a node pool fails', async () => {
    const faulty = await startTestControlPlane({
      VKS_SIM_DELAY_MS: '20',
      VKS_SIM_FAULTS: 'UpdateNodegroupConfig',
    });
    try {
      const admin = await signUpEnterprise(faulty.client);
      await setLimit(faulty, admin.enterpriseId, { total: 8 });
      const created = await faulty.client.post(
        '/v1/clusters',
        { name: 'grower', gpuLimits: { a10g: 2 } },
        { token: admin.accessToken },
      );
      const ready = await waitForCluster(faulty, admin.accessToken, created.body.id);
      expect(ready.status).toBe('READY');

      const grow = await faulty.client.patch(
        `/v1/clusters/${ready.id}`,
        { gpuLimits: { a10g: 6 } },
        { token: admin.accessToken },
      );
      expect(grow.status).toBe(202);
      const failed = await waitForCluster(faulty, admin.accessToken, ready.id);
      expect(failed).toMatchObject({ status: 'FAILED', gpuLimits: { a10g: 2 } });
      expect(failed.statusReason).toMatch(/previous GPU limits are in force/);

      const usage = await faulty.client.get('/v1/usage', { token: admin.accessToken });
      expect(usage.body.total).toEqual({ limit: 8, reserved: 2, free: 6 });
      const quota = faulty.simulators.kube
        .namespaceObjects(ready.namespace)
        .find((o) => o.kind === 'ResourceQuota');
      expect(quota?.spec).toMatchObject({ hard: { 'requests.nvidia.com/gpu': '2' } });
    } finally {
      await faulty.stop();
    }
  });
});
