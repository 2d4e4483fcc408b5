import { describe, expect, it } from 'vitest';
import { clusterManifests } from '../../../shared/kube/cluster-manifests';
import { validateKubeObject } from '../../support/kube-validation';
import { catalogue, strictPolicy, trainingCluster } from '../../support/tenant-fixture';

const find = (objects: any[], kind: string, name?: string) =>
  objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

describe('the manifests of a virtual cluster', () => {
  const objects = clusterManifests(trainingCluster, catalogue, strictPolicy);

  it.each(objects.map((o) => [`${o.kind} ${o.metadata.name}`, o]))(
    '%s validates against its schema',
    (_name, object) => {
      expect(() => validateKubeObject(object)).not.toThrow();
    },
  );

  it('the validator refuses what the API server would refuse', () => {
    const policy = find(objects, 'NetworkPolicy');
    const quota = find(objects, 'ResourceQuota');
    const queue = find(objects, 'ClusterQueue');

    expect(() =>
      validateKubeObject({ ...policy, spec: { podSelector: {}, policyTypes: ['Sideways'] } }),
    ).toThrow(/NetworkPolicy/);
    expect(() => validateKubeObject({ ...quota, spec: { hard: { pods: [] } } })).toThrow();
    expect(() =>
      validateKubeObject({ ...queue, spec: { ...queue.spec, queueingStrategy: 'Random' } }),
    ).toThrow(/ClusterQueue/);
    expect(() => validateKubeObject({ ...queue, spec: { ...queue.spec, unknown: 1 } })).toThrow();
  });

  it('applies the namespace first and every namespaced object inside it', () => {
    expect(objects[0]).toMatchObject({
      kind: 'Namespace',
      metadata: { name: trainingCluster.namespace },
    });
    for (const o of objects.filter((o) => o.metadata.namespace !== undefined)) {
      expect(o.metadata.namespace).toBe(trainingCluster.namespace);
    }
  });

  it('labels the namespace with the enterprise and the cluster', () => {
    expect(objects[0]!.metadata.labels).toMatchObject({
      'vks.io/enterprise-id': trainingCluster.enterpriseId,
      'vks.io/cluster-id': trainingCluster.id,
      'vks.io/queue-managed': 'true',
    });
  });

  it('quotas the cluster total of GPUs and queues each type at its own limit', () => {
    expect(find(objects, 'ResourceQuota').spec.hard['requests.nvidia.com/gpu']).toBe('10');

    const queue = find(objects, 'ClusterQueue');
    expect(queue.spec.cohort).toBeUndefined();
    expect(queue.spec.resourceGroups).toEqual([
      {
        coveredResources: ['nvidia.com/gpu'],
        flavors: [
          { name: 'gpu-a10g', resources: [{ name: 'nvidia.com/gpu', nominalQuota: 2 }] },
          { name: 'gpu-h100', resources: [{ name: 'nvidia.com/gpu', nominalQuota: 8 }] },
        ],
      },
    ]);
    expect(find(objects, 'LocalQueue').spec.clusterQueue).toBe(queue.metadata.name);
  });

  it('renders a flavor per limited GPU type that steers pods onto that type’s pool', () => {
    const flavors = objects.filter((o) => o.kind === 'ResourceFlavor');
    expect(flavors.map((f) => f.metadata.name)).toEqual(['gpu-a10g', 'gpu-h100']);
    expect(find(objects, 'ResourceFlavor', 'gpu-h100').spec).toEqual({
      nodeLabels: { 'vks.io/gpu-type': 'h100', 'nvidia.com/gpu.present': 'true' },
      tolerations: [
        { key: 'vks.io/gpu-type', operator: 'Equal', value: 'h100', effect: 'NoSchedule' },
      ],
    });
  });

  it('re-renders changed limits and drops types brought to zero', () => {
    const changed = clusterManifests(
      { ...trainingCluster, gpuLimits: { h100: 4, a10g: 0 } },
      catalogue,
      strictPolicy,
    );

    expect(find(changed, 'ResourceQuota').spec.hard['requests.nvidia.com/gpu']).toBe('4');
    expect(changed.filter((o) => o.kind === 'ResourceFlavor')).toHaveLength(1);
    expect(find(changed, 'ClusterQueue').spec.resourceGroups[0].flavors).toEqual([
      { name: 'gpu-h100', resources: [{ name: 'nvidia.com/gpu', nominalQuota: 4 }] },
    ]);
  });

  it('gives a cluster without GPUs a queue that admits no GPU workload, still valid', () => {
    const none = clusterManifests({ ...trainingCluster, gpuLimits: {} }, catalogue, strictPolicy);

    expect(find(none, 'ClusterQueue').spec.resourceGroups).toEqual([]);
    expect(find(none, 'ResourceQuota').spec.hard['requests.nvidia.com/gpu']).toBe('0');
    for (const o of none) validateKubeObject(o);
  });

  it('renders the same objects every time, so that re-applying changes nothing', () => {
    expect(clusterManifests(trainingCluster, catalogue, strictPolicy)).toEqual(objects);
  });

  it('refuses limits on a GPU type the catalogue does not hold', () => {
    expect(() =>
      clusterManifests({ ...trainingCluster, gpuLimits: { tpu: 1 } }, catalogue, strictPolicy),
    ).toThrow(/tpu/);
  });
});
