import { describe, expect, it } from 'vitest';
import {
  assertCanStart,
  executionName,
  namespaceFor,
  type ClusterOperation,
  type ClusterStatus,
  type VirtualCluster,
} from '../../../shared/domain/cluster';

const cluster = (status: ClusterStatus, operation: ClusterOperation = 'provision') =>
  ({ id: 'vc_abcdefghijklmnop', status, operation, generation: 3 }) as VirtualCluster;

describe('cluster state rules', () => {
  it.each<[ClusterStatus, ClusterOperation, ClusterOperation, string | undefined]>([
    ['READY', 'provision', 'update', undefined],
    ['READY', 'update', 'delete', undefined],
    ['PROVISIONING', 'provision', 'update', 'conflict'],
    ['UPDATING', 'update', 'delete', 'conflict'],
    ['DELETING', 'delete', 'delete', 'conflict'],
    ['FAILED', 'provision', 'update', 'conflict'],
    ['FAILED', 'provision', 'delete', undefined],
    ['FAILED', 'update', 'update', undefined],
    ['DELETED', 'delete', 'update', 'not-found'],
  ])('%s after %s: %s is %s', (status, last, next, refusal) => {
    const attempt = () => assertCanStart(cluster(status, last), next);
    if (refusal) expect(attempt).toThrow(expect.objectContaining({ code: refusal }));
    else expect(attempt).not.toThrow();
  });

  it('names an execution from the cluster, the operation and the generation', () => {
    expect(executionName(cluster('UPDATING', 'update'))).toBe('vc_abcdefghijklmnop-update-3');
  });

  it('derives a namespace that is a DNS label of at most 54 characters', () => {
    const ns = namespaceFor('a'.repeat(40), 'vc_abcdefghijklmnop');
    expect(ns).toBe(`vc-${'a'.repeat(40)}-abcdefghij`);
    expect(ns.length).toBeLessThanOrEqual(54);
    expect(ns).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});
