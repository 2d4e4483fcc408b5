import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { setLimit, waitForCluster } from '../support/clusters';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { expectProblem, signUpEnterprise, type SignedUp } from '../support/enterprises';
import { expectKubeconfigShape, kubectl } from '../support/kubeconfig-check';
import { validateKubeObject } from '../support/kube-validation';
import { addMember, auditTrail, createRole, type Member } from '../support/members';

let plane: TestControlPlane;
let admin: SignedUp;
let member: Member;
let granted: any;
let other: any;

async function createReadyCluster(name: string, gpuLimits: Record<string, number>) {
  const res = await plane.client.post(
    '/v1/clusters',
    { name, gpuLimits },
    { token: admin.accessToken },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return waitForCluster(plane, admin.accessToken, res.body.id);
}

async function clusterClaims(token: string) {
  const jwks = await plane.client.get('/.well-known/jwks.json');
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks.body), {
    audience: 'vks-kubernetes',
  });
  return payload;
}

beforeAll(async () => {
  plane = await startTestControlPlane({ VKS_SIGNUP_LIMIT: '1000', VKS_SIM_DELAY_MS: '20' });
  admin = await signUpEnterprise(plane.client);
  await setLimit(plane, admin.enterpriseId, { total: 20 });
  member = await addMember(plane.client, admin.accessToken);
  granted = await createReadyCluster('training', { h100: 8, a10g: 2 });
  other = await createReadyCluster('serving', { a10g: 2 });
});
afterAll(() => plane.stop());

describe('access grants', () => {
  it('a member sees no cluster until one is granted to it', async () => {
    const list = await plane.client.get('/v1/clusters', { token: member.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    expectProblem(
      await plane.client.get(`/v1/clusters/${granted.id}`, { token: member.accessToken }),
      404,
      'not-found',
    );
  });

  it('the administrator grants edit on one cluster; the member then sees that one only', async () => {
    const put = await plane.client.put(
      `/v1/clusters/${granted.id}/access/${member.accountId}`,
      { level: 'edit' },
      { token: admin.accessToken },
    );
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.body).toMatchObject({ accountId: member.accountId, level: 'edit' });

    const list = await plane.client.get('/v1/clusters', { token: member.accessToken });
    expect(list.body.items.map((c: any) => c.id)).toEqual([granted.id]);
    const access = await plane.client.get(`/v1/clusters/${granted.id}/access`, {
      token: admin.accessToken,
    });
    expect(access.body.items).toEqual([expect.objectContaining({ level: 'edit' })]);
  });

  it('refuses a member without clusters:grant, an unknown level and unknown fields', async () => {
    expectProblem(
      await plane.client.put(
        `/v1/clusters/${other.id}/access/${member.accountId}`,
        { level: 'admin' },
        { token: member.accessToken },
      ),
      403,
      'forbidden',
    );
    expectProblem(
      await plane.client.put(
        `/v1/clusters/${granted.id}/access/${member.accountId}`,
        { level: 'owner' },
        { token: admin.accessToken },
      ),
      422,
      'validation-failed',
    );
    expectProblem(
      await plane.client.put(
        `/v1/clusters/${granted.id}/access/${member.accountId}`,
        { level: 'view', cluster: 'x' },
        { token: admin.accessToken },
      ),
      422,
      'validation-failed',
    );
    expectProblem(
      await plane.client.put(
        `/v1/clusters/${granted.id}/access/acc_nobody`,
        { level: 'view' },
        { token: admin.accessToken },
      ),
      404,
      'not-found',
    );
  });

  it('another enterprise can neither see nor grant on the cluster', async () => {
    const stranger = await signUpEnterprise(plane.client);
    expectProblem(
      await plane.client.put(
        `/v1/clusters/${granted.id}/access/${member.accountId}`,
        { level: 'admin' },
        { token: stranger.accessToken },
      ),
      404,
      'not-found',
    );
    expectProblem(
      await plane.client.post(`/v1/clusters/${granted.id}/credentials`, undefined, {
        token: stranger.accessToken,
      }),
      404,
      'not-found',
    );
  });
});

describe('cluster credentials', () => {
  it('gives the member a token whose groups name only its grant', async () => {
    const res = await plane.client.post(`/v1/clusters/${granted.id}/credentials`, undefined, {
      token: member.accessToken,
    });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      groups: [`${granted.id}:edit`],
      namespace: granted.namespace,
    });
    const claims = await clusterClaims(res.body.token);
    expect(claims.sub).toBe(member.accountId);
    expect(claims.groups).toEqual([`${granted.id}:edit`]);
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(3600);
  });

  it('gives a kubeconfig for the granted cluster that kubectl reads', async () => {
    const res = await plane.client.get(`/v1/clusters/${granted.id}/kubeconfig`, {
      token: member.accessToken,
    });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/yaml');
    const text = res.text;
    const config = parse(text);
    expectKubeconfigShape(config);
    expect(config.contexts[0].context.namespace).toBe(granted.namespace);
    expect((await clusterClaims(config.users[0].user.token)).groups).toEqual([
      `${granted.id}:edit`,
    ]);
    if (kubectl) {
      const file = join(mkdtempSync(join(tmpdir(), 'vks-kc-')), 'config');
      writeFileSync(file, text);
      const seen = JSON.parse(
        execFileSync(kubectl, ['config', 'view', '--kubeconfig', file, '-o', 'json']).toString(),
      );
      expect(seen.contexts[0].context.namespace).toBe(granted.namespace);
    }
  });

  it('offers the CLI as an exec credential plugin instead of an embedded token', async () => {
    const res = await plane.client.get(`/v1/clusters/${granted.id}/kubeconfig?credential=exec`, {
      token: member.accessToken,
    });

    expect(res.status).toBe(200);
    const config = parse(res.text);
    expectKubeconfigShape(config);
    expect(config.users[0].user.exec).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1',
      command: 'vks',
      args: ['token', '--cluster', granted.id],
    });
  });

  it('refuses the cluster it holds no grant on', async () => {
    expectProblem(
      await plane.client.get(`/v1/clusters/${other.id}/kubeconfig`, { token: member.accessToken }),
      404,
      'not-found',
    );
    expectProblem(
      await plane.client.post(`/v1/clusters/${other.id}/credentials`, undefined, {
        token: member.accessToken,
      }),
      404,
      'not-found',
    );
  });

  it('stops new tokens at once when the grant is removed, and audits every change', async () => {
    const del = await plane.client.delete(`/v1/clusters/${granted.id}/access/${member.accountId}`, {
      token: admin.accessToken,
    });
    expect(del.status).toBe(204);

    expectProblem(
      await plane.client.post(`/v1/clusters/${granted.id}/credentials`, undefined, {
        token: member.accessToken,
      }),
      404,
      'not-found',
    );
    const actions = (await auditTrail(plane.client, admin.accessToken)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'cluster.access_granted',
        'cluster.credentials_issued',
        'cluster.access_revoked',
      ]),
    );
  });
});

describe('the manifests of a cluster with {"h100": 8, "a10g": 2}', () => {
  let items: any[];

  beforeAll(async () => {
    const res = await plane.client.get(`/v1/clusters/${granted.id}/manifests`, {
      token: admin.accessToken,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    items = res.body.items;
  });

  const find = (kind: string) => items.filter((o) => o.kind === kind);

  it('quota 10 GPUs, queue 8 of one flavour and 2 of the other', () => {
    expect(find('ResourceQuota')[0].spec.hard['requests.nvidia.com/gpu']).toBe('10');
    const flavors = find('ClusterQueue')[0].spec.resourceGroups[0].flavors;
    expect(
      Object.fromEntries(flavors.map((f: any) => [f.name, f.resources[0].nominalQuota])),
    ).toEqual({ 'gpu-h100': 8, 'gpu-a10g': 2 });
  });

  it('deny NodePorts, enforce restricted and deny other namespaces', () => {
    expect(find('ResourceQuota')[0].spec.hard['services.nodeports']).toBe('0');
    expect(find('Namespace')[0].metadata.labels['pod-security.kubernetes.io/enforce']).toBe(
      'restricted',
    );
    const deny = find('NetworkPolicy').find((p) => p.metadata.name === 'vks-default-deny');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(find('ClusterRoleBinding')).toEqual([]);
  });

  it('all of them validate', () => {
    expect(items.length).toBeGreaterThan(10);
    for (const object of items) validateKubeObject(object);
  });

  it('are what the simulated cluster holds for the namespace', () => {
    const applied = plane.simulators.kube.namespaceObjects(granted.namespace);
    const namespaced = items.filter((o) => o.metadata.namespace || o.kind === 'Namespace');
    expect(applied).toEqual(expect.arrayContaining(namespaced));
    expect(applied).toHaveLength(namespaced.length);
  });
});

describe('what stays applied', () => {
  it('the reconcile puts back a network policy a tenant deleted', async () => {
    const kube = plane.simulators.kube;
    const deny = kube
      .namespaceObjects(other.namespace)
      .find((o) => o.metadata.name === 'vks-default-deny')!;
    kube.forget(deny);
    expect(kube.namespaceObjects(other.namespace)).not.toContainEqual(deny);

    const round = await plane.reconcile();

    expect(round.failed).toBe(0);
    expect(round.applied).toBeGreaterThanOrEqual(2);
    expect(kube.namespaceObjects(other.namespace)).toContainEqual(deny);
  });

  it('a limit change re-renders the quota and the queue', async () => {
    const res = await plane.client.patch(
      `/v1/clusters/${other.id}`,
      { gpuLimits: { a10g: 1, h100: 1 } },
      { token: admin.accessToken },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await waitForCluster(plane, admin.accessToken, other.id);

    const kube = plane.simulators.kube;
    const quota = kube.namespaceObjects(other.namespace).find((o) => o.kind === 'ResourceQuota');
    expect((quota as any).spec.hard['requests.nvidia.com/gpu']).toBe('2');
    const queue = kube.objectsOf('ClusterQueue').find((q) => q.metadata.name === other.namespace);
    expect((queue as any).spec.resourceGroups[0].flavors.map((f: any) => f.name)).toEqual([
      'gpu-a10g',
      'gpu-h100',
    ]);
  });

  it('deleting the cluster removes its namespace and its ClusterQueue, and keeps shared flavors', async () => {
    const res = await plane.client.delete(`/v1/clusters/${other.id}`, { token: admin.accessToken });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await waitForCluster(plane, admin.accessToken, other.id, ['DELETED']);

    const kube = plane.simulators.kube;
    expect(kube.namespaceObjects(other.namespace)).toEqual([]);
    expect(kube.objectsOf('ClusterQueue').map((q) => q.metadata.name)).not.toContain(
      other.namespace,
    );
    expect(kube.objectsOf('ClusterQueue').map((q) => q.metadata.name)).toContain(granted.namespace);
    expect(kube.objectsOf('ResourceFlavor').map((f) => f.metadata.name)).toContain('gpu-a10g');
  });
});

describe('grants under concurrency and roles', () => {
  it('of two first grants at the same moment, one wins', async () => {
    const racer = await addMember(plane.client, admin.accessToken);
    const results = await Promise.all(
      (['view', 'admin'] as const).map((level) =>
        plane.client.put(
          `/v1/clusters/${granted.id}/access/${racer.accountId}`,
          { level },
          { token: admin.accessToken },
        ),
      ),
    );

    // One creates the grant; the other either saw it and changed its level, or lost the race.
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200 || s === 409)).toHaveLength(1);
    const access = await plane.client.get(`/v1/clusters/${granted.id}/access`, {
      token: admin.accessToken,
    });
    expect(access.body.items.filter((g: any) => g.accountId === racer.accountId)).toHaveLength(1);
  });

  it('a role with clusters:read sees every cluster but gets no token without a grant', async () => {
    const role = await createRole(plane.client, admin.accessToken, 'cluster-reader', [
      'clusters:read',
    ]);
    const reader = await addMember(plane.client, admin.accessToken, role.name);

    const list = await plane.client.get('/v1/clusters', { token: reader.accessToken });
    expect(list.body.items.map((c: any) => c.id)).toContain(granted.id);
    expectProblem(
      await plane.client.post(`/v1/clusters/${granted.id}/credentials`, undefined, {
        token: reader.accessToken,
      }),
      403,
      'forbidden',
    );
  });

  it('changing a level answers 200 and the next token names the new level', async () => {
    const viewer = await addMember(plane.client, admin.accessToken);
    const path = `/v1/clusters/${granted.id}/access/${viewer.accountId}`;
    expect(
      (await plane.client.put(path, { level: 'view' }, { token: admin.accessToken })).status,
    ).toBe(201);
    const changed = await plane.client.put(path, { level: 'admin' }, { token: admin.accessToken });
    expect(changed.status).toBe(200);

    const res = await plane.client.post(`/v1/clusters/${granted.id}/credentials`, undefined, {
      token: viewer.accessToken,
    });
    expect(res.body.groups).toEqual([`${granted.id}:admin`]);
  });
});
