import { describe, expect, it } from 'vitest';
import { eksToken, pathOf } from '../../../shared/adapters/eks-kube';
import { tenantNamespaceObjects } from '../../../shared/kube/tenant-namespace';

const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

describe('EKS Kubernetes API access', () => {
  it('makes the IAM bearer token EKS documents: a presigned GetCallerIdentity naming the cluster', async () => {
    const token = await eksToken('vks-shared', 'eu-west-1', credentials);
    expect(token.startsWith('k8s-aws-v1.')).toBe(true);
    const url = new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString());
    expect(url.origin).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('x-k8s-aws-id');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/sts\//,
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies the tenant objects at their API paths, and nothing else', () => {
    const [namespace, quota] = tenantNamespaceObjects({
      id: 'vc_abc',
      enterpriseId: 'ent_abc',
      namespace: 'vc-train-abc',
      gpuLimits: { h100: 8 },
    });
    expect(pathOf(namespace!)).toBe('/api/v1/namespaces/vc-train-abc');
    expect(pathOf(quota!)).toBe('/api/v1/namespaces/vc-train-abc/resourcequotas/vks-gpu-limit');
    expect(() =>
      pathOf({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'x' },
      }),
    ).toThrow(/does not apply/);
  });
});
