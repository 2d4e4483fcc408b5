import { describe, expect, it } from 'vitest';
import { clusterManifests } from '../../../shared/kube/cluster-manifests';
import { exposureGuardObjects } from '../../../shared/kube/exposure-guard';
import { exposureObjects } from '../../../shared/kube/service-export-exposure';
import { allows, type Connection, type Peer } from '../../support/network-policy-evaluator';
import { catalogue, strictPolicy, trainingCluster } from '../../support/tenant-fixture';

/**
 * The Kubernetes multi-tenancy benchmark checks that a namespace's own objects decide, asserted
 * on the set the control plane applies for one virtual cluster.
 */
const objects: any[] = clusterManifests(trainingCluster, catalogue, strictPolicy);
const ns = trainingCluster.namespace;
const of = (kind: string) => objects.filter((o) => o.kind === kind);
const policies = of('NetworkPolicy');
const pod = { app: 'trainer' };

const samePod: Peer = { namespace: ns, podLabels: { app: 'db' }, ip: '10.0.12.7' };
const otherTenant: Peer = { namespace: 'vc-other-7h2k', podLabels: {}, ip: '10.0.40.9' };
const kubeDns: Peer = {
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'kube-dns' },
  ip: '10.0.0.10',
};
const gateway: Peer = {
  namespace: 'vks-ingress',
  namespaceLabels: { 'vks.io/ingress-gateway': 'true' },
  podLabels: { app: 'gateway' },
  ip: '10.0.3.4',
};
const address = (ip: string): Peer => ({ podLabels: {}, ip });
const egress = (peer: Peer, port = 443, protocol: 'TCP' | 'UDP' = 'TCP'): Connection => ({
  direction: 'Egress',
  pod,
  peer,
  port,
  protocol,
});
const ingress = (peer: Peer, port = 8080): Connection => ({
  direction: 'Ingress',
  pod,
  peer,
  port,
  protocol: 'TCP',
});

describe('multi-tenancy benchmark checks on the applied set', () => {
  it('block access to cluster resources: no ClusterRoleBinding or ClusterRole, ever', () => {
    expect(of('ClusterRoleBinding')).toEqual([]);
    expect(of('ClusterRole')).toEqual([]);
    for (const binding of of('RoleBinding')) {
      expect(binding.metadata.namespace).toBe(ns);
      expect(['admin', 'edit', 'view']).toContain(binding.roleRef.name);
    }
  });

  it('create role bindings: each level binds only this cluster’s group', () => {
    const subjects = of('RoleBinding').map((b) => [b.roleRef.name, b.subjects]);
    expect(subjects).toEqual(
      ['admin', 'edit', 'view'].map((level) => [
        level,
        [
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Group',
            name: `vks:${trainingCluster.id}:${level}`,
          },
        ],
      ]),
    );
  });

  it('block use of NodePort and LoadBalancer services', () => {
    const [quota] = of('ResourceQuota');
    expect(quota.spec.hard['services.nodeports']).toBe('0');
    // Load balancers are the control plane's TCP exports only; the admission policy refuses a
    // tenant's own, and the quota bounds them at the export limit.
    expect(quota.spec.hard['services.loadbalancers']).toBe(String(strictPolicy.exportsPerCluster));
    const [guard] = exposureGuardObjects('vks-exports') as any[];
    expect(guard.spec.validations[0].expression).toContain("object.spec.type != 'LoadBalancer'");
    expect(guard.spec.matchConditions[0].expression).toContain("startsWith('vks:')");
  });

  it('configure namespace resource and object quotas', () => {
    const [quota] = of('ResourceQuota');
    expect(quota.spec.hard).toMatchObject({
      'requests.nvidia.com/gpu': '10',
      pods: expect.any(String),
      persistentvolumeclaims: expect.any(String),
      configmaps: expect.any(String),
      secrets: expect.any(String),
      'requests.storage': expect.any(String),
    });
    expect(of('LimitRange')[0].spec.limits[0]).toMatchObject({
      type: 'Container',
      defaultRequest: { cpu: expect.any(String), memory: expect.any(String) },
    });
  });

  it('block host namespaces, host paths and privileged pods: Pod Security enforces restricted', () => {
    expect(of('Namespace')[0].metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('a relaxed platform enforces baseline, which still blocks host namespaces and privilege', () => {
    const relaxed = clusterManifests(trainingCluster, catalogue, {
      ...strictPolicy,
      podSecurityEnforce: 'baseline',
    });
    expect(relaxed[0]!.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('default-deny network policy for ingress and egress', () => {
    const deny = policies.find((p) => p.metadata.name === 'vks-default-deny');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('block network access across tenant namespaces, both ways', () => {
    expect(allows(policies, ns, egress(otherTenant))).toBe(false);
    expect(allows(policies, ns, ingress(otherTenant))).toBe(false);
  });

  it('block access to node credentials: instance metadata and the pod identity agent', () => {
    expect(allows(policies, ns, egress(address('169.254.169.254'), 80))).toBe(false);
    expect(allows(policies, ns, egress(address('169.254.170.23'), 80))).toBe(false);
  });

  it('blocks the shared cluster’s private ranges by address', () => {
    for (const ip of ['10.1.2.3', '172.20.0.1', '192.168.1.1', '100.64.0.5']) {
      expect(allows(policies, ns, egress(address(ip)))).toBe(false);
    }
  });

  it('lets the ingress gateway reach only the pods and port of an exported Service', () => {
    expect(allows(policies, ns, ingress(gateway))).toBe(false);
    const [, exportPolicy] = exposureObjects({
      ids: {
        enterpriseId: trainingCluster.enterpriseId,
        clusterId: trainingCluster.id,
        namespace: ns,
      },
      name: 'site',
      spec: { service: 'trainer', port: 80, protocol: 'HTTP' },
      host: 'site.exports.example.test',
      ingressClass: 'vks-exports',
      target: { selector: pod, targetPort: 8080 },
    });
    const withExport = [...policies, exportPolicy];
    expect(allows(withExport, ns, ingress(gateway, 8080))).toBe(true);
    expect(allows(withExport, ns, ingress(gateway, 9090))).toBe(false);
    expect(allows(withExport, ns, { ...ingress(gateway, 8080), pod: { app: 'db' } })).toBe(false);
    expect(allows(withExport, ns, ingress(otherTenant, 8080))).toBe(false);
  });

  it('allows what ordinary workloads need: own namespace, DNS, internet', () => {
    expect(allows(policies, ns, egress(samePod, 5432))).toBe(true);
    expect(allows(policies, ns, ingress(samePod))).toBe(true);
    expect(allows(policies, ns, egress(kubeDns, 53, 'UDP'))).toBe(true);
    expect(allows(policies, ns, egress(kubeDns, 53, 'TCP'))).toBe(true);
    expect(allows(policies, ns, egress(kubeDns, 443))).toBe(false);
    expect(allows(policies, ns, egress(address('8.8.8.8')))).toBe(true);
    expect(allows(policies, ns, ingress(address('203.0.113.9')))).toBe(false);
  });

  it('the queue admits workloads of this namespace only, and borrows from no other tenant', () => {
    const [queue] = of('ClusterQueue');
    expect(queue.spec.namespaceSelector).toEqual({
      matchLabels: { 'kubernetes.io/metadata.name': ns },
    });
    expect(queue.spec.cohort).toBeUndefined();
  });
});

describe('block modification of the managed objects', () => {
  it('an admission policy refuses tenants’ changes to what the control plane manages', () => {
    const policy = of('ValidatingAdmissionPolicy')[0];
    const binding = of('ValidatingAdmissionPolicyBinding')[0];

    expect(binding.spec).toEqual({ policyName: policy.metadata.name, validationActions: ['Deny'] });
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints.objectSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/managed-by': 'vks-control-plane' },
    });
    expect(policy.spec.matchConstraints.resourceRules[0]).toMatchObject({
      operations: ['UPDATE', 'DELETE'],
      resources: expect.arrayContaining(['networkpolicies', 'resourcequotas', 'rolebindings']),
    });
    for (const o of objects.filter((o) => o.metadata.namespace === ns)) {
      expect(o.metadata.labels['app.kubernetes.io/managed-by']).toBe('vks-control-plane');
    }
  });
});
