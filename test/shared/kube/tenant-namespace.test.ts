import { Namespace, ResourceQuota } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { tenantNamespaceObjects } from '../../../shared/kube/tenant-namespace';

describe('tenant namespace objects', () => {
  const objects = tenantNamespaceObjects({
    id: 'vc_abcdefghij',
    enterpriseId: 'ent_xyz',
    namespace: 'vc-training-abcdefghij',
    gpuLimits: { h100: 8, a10g: 2 },
  });

  it('are valid against the Kubernetes schemas', () => {
    const [namespace, quota] = objects;
    expect(() => new Namespace(namespace as never).validate()).not.toThrow();
    expect(() => new ResourceQuota(quota as never).validate()).not.toThrow();
  });

  it('cap GPU requests at the cluster total', () => {
    expect(objects[1]).toMatchObject({
      kind: 'ResourceQuota',
      metadata: { namespace: 'vc-training-abcdefghij' },
      spec: { hard: { 'requests.nvidia.com/gpu': '10' } },
    });
  });
});
