import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../shared/ports/kube';
import { waitForCluster } from '../support/clusters';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { expectProblem, signUpEnterprise, type SignedUp } from '../support/enterprises';
import { validateKubeObject } from '../support/kube-validation';
import { addMember, auditTrail } from '../support/members';

const DOMAIN = 'exports.example.test';
let plane: TestControlPlane;
let admin: SignedUp;
let cluster: any;

async function createReadyCluster(name: string) {
  const res = await plane.client.post(
    '/v1/clusters',
    { name, gpuLimits: { a10g: 1 } },
    { token: admin.accessToken },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return waitForCluster(plane, admin.accessToken, res.body.id);
}

/** A tenant's own ClusterIP Service, as `kubectl apply` would put it into the namespace. */
function tenantService(namespace: string, name: string, port: number, targetPort: number) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ port, targetPort, protocol: 'TCP' }] },
  };
}

function exporter(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'vks.io/v1', kind: 'ServiceExporter', metadata: { name, namespace }, spec };
}

const exportsPath = (clusterId: string) => `/v1/clusters/${clusterId}/service-exports`;

async function getExport(clusterId: string, name: string) {
  await plane.exportsSettled();
  return plane.client.get(`${exportsPath(clusterId)}/${name}`, { token: admin.accessToken });
}

const kube = () => plane.simulators.kube;
const find = (kind: string, namespace: string, name: string) =>
  kube()
    .namespaceObjects(namespace)
    .find((o) => o.kind === kind && o.metadata.name === name) as any;

beforeAll(async () => {
  plane = await startTestControlPlane({
    VKS_SIGNUP_LIMIT: '1000',
    VKS_SIM_DELAY_MS: '20',
    VKS_RECONCILE_INTERVAL_MS: '0',
    VKS_EXPORT_DOMAIN: DOMAIN,
    VKS_MAX_EXPORTS_PER_CLUSTER: '3',
  });
  admin = await signUpEnterprise(plane.client);
  cluster = await createReadyCluster('exports');
  expect(cluster.status).toBe('READY');
  await kube().apply([
    tenantService(cluster.namespace, 'web', 80, 8080),
    tenantService(cluster.namespace, 'db', 5432, 5432),
  ]);
});
afterAll(async () => {
  await plane.stop();
});

describe('service exports', () => {
  it('an export created through the API becomes READY with an https endpoint', async () => {
    const created = await plane.client.post(
      exportsPath(cluster.id),
      { name: 'site', service: 'web', port: 80, protocol: 'HTTP' },
      { token: admin.accessToken },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.body).toMatchObject({ phase: 'PENDING', origin: 'api' });
    expect(created.headers.get('location')).toBe(`${exportsPath(cluster.id)}/site`);

    const ready = await getExport(cluster.id, 'site');
    const host = `site-${cluster.id.replace(/^vc_/, '')}.${DOMAIN}`;
    expect(ready.body).toMatchObject({
      phase: 'READY',
      endpoint: { host, port: 443, url: `https://${host}` },
    });

    // kubectl sees the same object, with the status the control plane wrote.
    const object = find('ServiceExporter', cluster.namespace, 'site');
    expect(object.spec).toEqual({ service: 'web', port: 80, protocol: 'HTTP' });
    expect(object.status).toMatchObject({ phase: 'READY', endpoint: { url: `https://${host}` } });
    expect(object.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'True' });

    const ingress = find('Ingress', cluster.namespace, 'vks-export-site');
    expect(ingress.spec.ingressClassName).toBe('vks-exports');
    expect(ingress.spec.rules[0].host).toBe(host);
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
      name: 'web',
      port: { number: 80 },
    });
    const policy = find('NetworkPolicy', cluster.namespace, 'vks-export-site');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'web' } });
    expect(policy.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
    for (const o of [ingress, policy]) expect(() => validateKubeObject(o)).not.toThrow();

    const audit = await auditTrail(plane.client, admin.accessToken);
    const actions = audit.map((e: any) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['service_export.created', 'service_export.ready']),
    );
    const events = await plane.client.get('/v1/events', { token: admin.accessToken });
    expect(events.body.items.map((e: any) => e.type)).toContain('service_export.ready');
  });

  it('one added with kubectl appears in the API and becomes READY behind a load balancer', async () => {
    await kube().apply([
      exporter(cluster.namespace, 'postgres', { service: 'db', port: 5432, protocol: 'TCP' }),
    ]);
    await plane.reconcile();

    const list = await plane.client.get(exportsPath(cluster.id), { token: admin.accessToken });
    expect(list.status).toBe(200);
    const found = list.body.items.find((e: any) => e.name === 'postgres');
    const host = `postgres-${cluster.id.replace(/^vc_/, '')}.${DOMAIN}`;
    expect(found).toMatchObject({
      origin: 'kubectl',
      phase: 'READY',
      service: 'db',
      endpoint: { host, port: 5432, url: `tcp://${host}:5432` },
    });

    const lb = find('Service', cluster.namespace, 'vks-export-postgres');
    expect(lb.spec).toMatchObject({
      type: 'LoadBalancer',
      loadBalancerClass: 'service.k8s.aws/nlb',
      allocateLoadBalancerNodePorts: false,
      selector: { app: 'db' },
    });
    expect(
      lb.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-nlb-target-type'],
    ).toBe('ip');
    expect(() => validateKubeObject({ ...lb, status: undefined })).not.toThrow();
    expect(find('ServiceExporter', cluster.namespace, 'postgres').status.phase).toBe('READY');
  });

  it('deleting either removes its exposure', async () => {
    const deleted = await plane.client.delete(`${exportsPath(cluster.id)}/site`, {
      token: admin.accessToken,
    });
    expect(deleted.status).toBe(202);
    expect(deleted.body.phase).toBe('DELETING');
    expectProblem(await getExport(cluster.id, 'site'), 404, 'not-found');
    expect(find('ServiceExporter', cluster.namespace, 'site')).toBeUndefined();
    expect(find('Ingress', cluster.namespace, 'vks-export-site')).toBeUndefined();
    expect(find('NetworkPolicy', cluster.namespace, 'vks-export-site')).toBeUndefined();

    // kubectl delete: the object goes, and the reconcile takes the load balancer down.
    kube().forget(exporter(cluster.namespace, 'postgres', {}));
    await plane.reconcile();
    expectProblem(await getExport(cluster.id, 'postgres'), 404, 'not-found');
    expect(find('Service', cluster.namespace, 'vks-export-postgres')).toBeUndefined();

    const events = await plane.client.get('/v1/events', { token: admin.accessToken });
    const gone = events.body.items.filter((e: any) => e.type === 'service_export.deleted');
    expect(gone.map((e: any) => e.data.serviceExport.name).sort()).toEqual(['postgres', 'site']);
  });

  it('cannot name a Service of another namespace, through the API or kubectl', async () => {
    const other = await createReadyCluster('victim');
    await kube().apply([tenantService(other.namespace, 'secret', 80, 80)]);

    for (const service of [`${other.namespace}/secret`, `secret.${other.namespace}`, 'a.b.svc']) {
      const res = await plane.client.post(
        exportsPath(cluster.id),
        { name: 'steal', service, port: 80, protocol: 'HTTP' },
        { token: admin.accessToken },
      );
      expectProblem(res, 422, 'validation-failed');
    }

    // A bare name that exists only in the other namespace is not found in the export's own.
    const bare = await plane.client.post(
      exportsPath(cluster.id),
      { name: 'steal', service: 'secret', port: 80, protocol: 'HTTP' },
      { token: admin.accessToken },
    );
    expect(bare.status).toBe(202);
    const refused = await getExport(cluster.id, 'steal');
    expect(refused.body.phase).toBe('FAILED');
    expect(refused.body.reason).toMatch(/does not exist in the namespace/);

    await kube().apply([
      exporter(cluster.namespace, 'steal2', {
        service: `secret.${other.namespace}`,
        port: 80,
        protocol: 'HTTP',
      }),
    ]);
    await plane.reconcile();
    const viaKubectl = await getExport(cluster.id, 'steal2');
    expect(viaKubectl.body.phase).toBe('FAILED');
    expect(viaKubectl.body.reason).toMatch(/service:/);

    // Whatever exists of exposure lives in the export's own namespace only.
    const exposure = ['Ingress', 'Service', 'NetworkPolicy'].flatMap((k) => kube().objectsOf(k));
    for (const o of exposure.filter((o) => o.metadata.labels?.['vks.io/service-export'])) {
      expect(o.metadata.namespace).toBe(cluster.namespace);
    }
    expect(
      kube()
        .namespaceObjects(other.namespace)
        .some((o) => o.kind === 'Ingress'),
    ).toBe(false);

    for (const name of ['steal', 'steal2']) {
      await plane.client.delete(`${exportsPath(cluster.id)}/${name}`, {
        token: admin.accessToken,
      });
    }
    await plane.exportsSettled();
  });

  it('holds the per-cluster limit under concurrent creation', async () => {
    const crowded = await createReadyCluster('crowded');
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        plane.client.post(
          exportsPath(crowded.id),
          { name: `web-${i}`, service: 'web', port: 80, protocol: 'HTTP' },
          { token: admin.accessToken },
        ),
      ),
    );
    const summary = JSON.stringify(results.map((r) => [r.status, r.body.name ?? r.body.type]));
    expect(
      results.filter((r) => r.status === 202),
      summary,
    ).toHaveLength(3);
    for (const r of results.filter((r) => r.status !== 202)) {
      expectProblem(r, 409, 'limit-exceeded');
    }
    await plane.exportsSettled();
    const list = await plane.client.get(exportsPath(crowded.id), { token: admin.accessToken });
    expect(list.body.items).toHaveLength(3);

    // A kubectl-created one over the limit shows up FAILED, and holds no exposure.
    await kube().apply([
      exporter(crowded.namespace, 'extra', { service: 'web', port: 80, protocol: 'HTTP' }),
    ]);
    await plane.reconcile();
    const extra = await getExport(crowded.id, 'extra');
    expect(extra.body).toMatchObject({ phase: 'FAILED', origin: 'kubectl' });
    expect(extra.body.reason).toMatch(/at most 3/);
    expect(find('Ingress', crowded.namespace, 'vks-export-extra')).toBeUndefined();
  });

  it('deleting the cluster removes its exports', async () => {
    const doomed = await createReadyCluster('doomed');
    await kube().apply([tenantService(doomed.namespace, 'web', 80, 8080)]);
    const created = await plane.client.post(
      exportsPath(doomed.id),
      { name: 'site', service: 'web', port: 80, protocol: 'HTTP' },
      { token: admin.accessToken },
    );
    expect(created.status).toBe(202);
    expect((await getExport(doomed.id, 'site')).body.phase).toBe('READY');

    const deleted = await plane.client.delete(`/v1/clusters/${doomed.id}`, {
      token: admin.accessToken,
    });
    expect(deleted.status).toBe(202);
    expect((await waitForCluster(plane, admin.accessToken, doomed.id)).status).toBe('DELETED');

    const list = await plane.client.get(exportsPath(doomed.id), { token: admin.accessToken });
    expect(list.body.items).toEqual([]);
    expect(kube().namespaceObjects(doomed.namespace)).toEqual([]);
  });

  it('reads need a grant or clusters:read; writes need service-exports:manage', async () => {
    const member = await addMember(plane.client, admin.accessToken);
    const list = await plane.client.get(exportsPath(cluster.id), { token: member.accessToken });
    expectProblem(list, 404, 'not-found');

    await plane.client.put(
      `/v1/clusters/${cluster.id}/access/${member.accountId}`,
      { level: 'view' },
      { token: admin.accessToken },
    );
    const granted = await plane.client.get(exportsPath(cluster.id), { token: member.accessToken });
    expect(granted.status).toBe(200);
    const write = await plane.client.post(
      exportsPath(cluster.id),
      { name: 'nope', service: 'web', port: 80, protocol: 'HTTP' },
      { token: member.accessToken },
    );
    expectProblem(write, 403, 'forbidden');
  });
});
