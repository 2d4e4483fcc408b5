import type { KubeObject } from '../ports/kube';
import { NAMESPACE_NAME_LABEL, tenantLabels } from './labels';
import type { TenantIds } from './labels';

/** The instance metadata service and the EKS Pod Identity agent: both hand out node credentials. */
export const NODE_CREDENTIAL_ENDPOINTS = ['169.254.169.254/32', '169.254.170.23/32'] as const;

/**
 * The network policies of a tenant namespace. Policies are additive: the first one denies all
 * traffic in and out, and each other one opens exactly one path.
 * `privateCidrs` are the shared cluster's VPC, pod and service ranges: excluding them from the
 * internet rule is what keeps a pod from reaching another tenant's pods by address. Nothing from
 * outside the namespace gets in: each service export adds its own policy, to its Service's pods.
 */
export function networkPolicyObjects(
  ids: TenantIds,
  privateCidrs: readonly string[],
): KubeObject[] {
  const policy = (name: string, spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ids.namespace, labels: tenantLabels(ids) },
    spec: { podSelector: {}, ...spec },
  });

  return [
    policy('vks-default-deny', { policyTypes: ['Ingress', 'Egress'] }),
    policy('vks-allow-same-namespace', {
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    policy('vks-allow-dns', {
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    }),
    policy('vks-allow-internet', {
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              ipBlock: {
                cidr: '0.0.0.0/0',
                except: [...NODE_CREDENTIAL_ENDPOINTS, ...privateCidrs],
              },
            },
          ],
        },
      ],
    }),
  ];
}
