import type { ClusterManifestInput, IsolationPolicy } from '../../shared/kube/cluster-manifests';
import type { GpuScheduling } from '../../shared/kube/kueue';

/** A virtual cluster with the limits of the example, and the catalogue entries it names. */
export const trainingCluster: ClusterManifestInput = {
  id: 'vc_4f2kq7x3m5',
  enterpriseId: 'ent_9d3hz2ab',
  namespace: 'vc-training-4f2kq7x3m5',
  gpuLimits: { h100: 8, a10g: 2 },
};

const gpu = (type: string): GpuScheduling => ({
  type,
  nodeLabels: { 'vks.io/gpu-type': type, 'nvidia.com/gpu.present': 'true' },
  taints: [{ key: 'vks.io/gpu-type', value: type, effect: 'NoSchedule' }],
});

export const catalogue: GpuScheduling[] = [gpu('h100'), gpu('a100'), gpu('l40s'), gpu('a10g')];

export const strictPolicy: IsolationPolicy = {
  podSecurityEnforce: 'restricted',
  privateCidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'],
  exportsPerCluster: 10,
};
