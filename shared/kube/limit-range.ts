import type { KubeObject } from '../ports/kube';
import { tenantLabels, type TenantIds } from './labels';

/**
 * Requests and limits for containers that name none, so that an ordinary manifest without a
 * `resources` block still schedules, and a forgotten limit cannot take a whole node's memory.
 */
export function limitRangeObject(ids: TenantIds): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'vks-defaults', namespace: ids.namespace, labels: tenantLabels(ids) },
    spec: {
      limits: [
        {
          type: 'Container',
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          default: { cpu: '1', memory: '1Gi' },
        },
      ],
    },
  };
}
