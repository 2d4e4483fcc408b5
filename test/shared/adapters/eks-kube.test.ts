import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EksKube } from '../../../shared/adapters/eks-kube';
import { clusterManifests } from '../../../shared/kube/cluster-manifests';
import { startKubeApiServer, type KubeApiServer } from '../../support/kube-api-server';
import { catalogue, strictPolicy, trainingCluster } from '../../support/tenant-fixture';

const eks = mockClient(EKSClient);
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' };
const at = new Date('2025-03-01T12:00:00Z');
let api: KubeApiServer;

function kube(now = () => at): EksKube {
  return new EksKube({
    eks: new EKSClient({ region: 'eu-west-1' }),
    clusterName: 'vks-shared',
    region: 'eu-west-1',
    credentials,
    now,
  });
}

beforeAll(async () => {
  api = await startKubeApiServer();
});
afterAll(() => api.close());
beforeEach(() => {
  api.requests.length = 0;
  eks.reset();
  eks.on(DescribeClusterCommand, { name: 'vks-shared' }).resolves({
    cluster: {
      name: 'vks-shared',
      endpoint: api.url,
      certificateAuthority: { data: Buffer.from(api.ca).toString('base64') },
    },
  });
});

describe('the EKS Kubernetes adapter', () => {
  it('server-side applies each object at its documented path with one field manager', async () => {
    const objects = clusterManifests(trainingCluster, catalogue, strictPolicy);

    await kube().apply(objects);

    const ns = trainingCluster.namespace;
    expect(api.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      `PATCH /api/v1/namespaces/${ns}`,
      'PATCH /apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/vks-protect-managed-objects',
      'PATCH /apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/vks-protect-managed-objects',
      'PATCH /apis/kueue.x-k8s.io/v1beta1/resourceflavors/gpu-a10g',
      'PATCH /apis/kueue.x-k8s.io/v1beta1/resourceflavors/gpu-h100',
      `PATCH /apis/kueue.x-k8s.io/v1beta1/clusterqueues/${ns}`,
      `PATCH /apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/vks-admin`,
      `PATCH /apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/vks-edit`,
      `PATCH /apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/vks-view`,
      `PATCH /api/v1/namespaces/${ns}/resourcequotas/vks-quota`,
      `PATCH /api/v1/namespaces/${ns}/limitranges/vks-defaults`,
      `PATCH /apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/vks-default-deny`,
      `PATCH /apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/vks-allow-same-namespace`,
      `PATCH /apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/vks-allow-dns`,
      `PATCH /apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/vks-allow-internet`,
      `PATCH /apis/kueue.x-k8s.io/v1beta1/namespaces/${ns}/localqueues/default`,
    ]);
    for (const [i, r] of api.requests.entries()) {
      const query = new URL(r.url, api.url).searchParams;
      expect(Object.fromEntries(query)).toEqual({
        fieldManager: 'vks-control-plane',
        force: 'true',
        fieldValidation: 'Strict',
      });
      expect(r.headers['content-type']).toBe('application/apply-patch+yaml');
      expect(JSON.parse(r.body)).toEqual(objects[i]);
    }
  });

  it('authenticates with an EKS IAM token: a presigned STS GetCallerIdentity for the cluster', async () => {
    await kube().apply(clusterManifests(trainingCluster, catalogue, strictPolicy).slice(0, 1));

    const bearer = String(api.requests[0]!.headers.authorization);
    expect(bearer).toMatch(/^Bearer k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = new URL(
      Buffer.from(bearer.slice('Bearer k8s-aws-v1.'.length), 'base64url').toString(),
    );
    expect(url.origin).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('Version')).toBe('2011-06-15');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      'AKIDEXAMPLE/20250301/eu-west-1/sts/aws4_request',
    );
    expect(url.searchParams.get('X-Amz-Date')).toBe('20250301T120000Z');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('asks DescribeCluster once and reuses the endpoint and CA', async () => {
    const client = kube();
    const [namespace] = clusterManifests(trainingCluster, catalogue, strictPolicy);

    await client.apply([namespace!]);
    await client.apply([namespace!]);

    expect(eks.commandCalls(DescribeClusterCommand)).toHaveLength(1);
    expect(api.requests).toHaveLength(2);
  });

  it('signs a fresh token once the last one nears its expiry', async () => {
    let now = at;
    const client = kube(() => now);
    const [namespace] = clusterManifests(trainingCluster, catalogue, strictPolicy);

    await client.apply([namespace!]);
    await client.apply([namespace!]);
    now = new Date(at.getTime() + 15 * 60 * 1000);
    await client.apply([namespace!]);

    const tokens = api.requests.map((r) => r.headers.authorization);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[2]).not.toBe(tokens[1]);
  });

  it('deletes a namespace, and a namespace already gone is fine', async () => {
    await kube().deleteNamespace('vc-gone-123');

    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'DELETE /api/v1/namespaces/vc-gone-123?propagationPolicy=Background',
    ]);
  });

  it('deletes cluster-scoped objects such as the ClusterQueue by name', async () => {
    const queue = clusterManifests(trainingCluster, catalogue, strictPolicy).find(
      (o) => o.kind === 'ClusterQueue',
    )!;
    api.respond = () => ({ status: 200, body: { kind: 'Status', status: 'Success' } });

    await kube().delete([queue]);

    expect(api.requests[0]!.method).toBe('DELETE');
    expect(api.requests[0]!.url.split('?')[0]).toBe(
      `/apis/kueue.x-k8s.io/v1beta1/clusterqueues/${trainingCluster.namespace}`,
    );
  });

  it('lists the objects of a kind in a namespace', async () => {
    api.respond = () => ({
      status: 200,
      body: { kind: 'NetworkPolicyList', items: [{ metadata: { name: 'vks-default-deny' } }] },
    });

    const items = await kube().list('networking.k8s.io/v1', 'NetworkPolicy', 'vc-a-1');

    expect(api.requests[0]!.url).toBe(
      '/apis/networking.k8s.io/v1/namespaces/vc-a-1/networkpolicies',
    );
    expect(items).toEqual([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'vks-default-deny' },
      },
    ]);
  });

  it('turns a refusal of the API server into a KubeError naming the status and reason', async () => {
    api.respond = () => ({
      status: 422,
      body: { kind: 'Status', code: 422, message: 'strict decoding error: unknown field "x"' },
    });
    const [namespace] = clusterManifests(trainingCluster, catalogue, strictPolicy);

    await expect(kube().apply([namespace!])).rejects.toMatchObject({
      name: 'KubeError',
      message: expect.stringMatching(/422 .*unknown field/),
    });
  });

  it('refuses a server whose certificate the cluster CA did not sign', async () => {
    eks.on(DescribeClusterCommand).resolves({
      cluster: {
        endpoint: api.url,
        certificateAuthority: { data: Buffer.from(otherCa).toString('base64') },
      },
    });
    const [namespace] = clusterManifests(trainingCluster, catalogue, strictPolicy);

    await expect(kube().apply([namespace!])).rejects.toMatchObject({ name: 'KubeError' });
    expect(api.requests).toHaveLength(0);
  });
});

let otherCa = '';
beforeAll(async () => {
  const other = await startKubeApiServer();
  otherCa = other.ca;
  await other.close();
});

describe('the EKS cluster endpoint', () => {
  it('names the server and the CA as DescribeCluster gives them, for kubeconfigs', async () => {
    const info = await kube().describe();

    expect(info).toEqual({
      server: api.url,
      certificateAuthorityData: Buffer.from(api.ca).toString('base64'),
      simulated: false,
    });
    expect(eks.commandCalls(DescribeClusterCommand)[0]!.args[0].input).toEqual({
      name: 'vks-shared',
    });
  });
});
