import type { KubeObject } from '../ports/kube';
import { MANAGED_BY, MANAGED_BY_LABEL } from './labels';

export const GUARD_POLICY_NAME = 'vks-protect-managed-objects';

/**
 * A ValidatingAdmissionPolicy, cluster-wide and shared by every virtual cluster, that refuses a
 * tenant's change or deletion of an object the control plane manages. The built-in `edit` and
 * `admin` roles may write NetworkPolicies and RoleBindings in their namespace; without this a
 * tenant could delete its default deny until the next reconcile; the exposure of a service export
 * (its Ingress, load balancer and network policy) is guarded the same way. Tenants are the OIDC users
 * (`vks:` prefix) and the service accounts of the namespace itself; the control plane's own
 * identity and Kubernetes controllers (the namespace controller deleting a namespace) pass.
 */
export function guardPolicyObjects(): KubeObject[] {
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY };
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: GUARD_POLICY_NAME, labels },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          objectSelector: { matchLabels: labels },
          resourceRules: [
            {
              apiGroups: ['', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'kueue.x-k8s.io'],
              apiVersions: ['*'],
              operations: ['UPDATE', 'DELETE'],
              resources: [
                'resourcequotas',
                'limitranges',
                'networkpolicies',
                'rolebindings',
                'localqueues',
                'services',
                'ingresses',
              ],
            },
          ],
        },
        validations: [
          {
            expression:
              "!(request.userInfo.username.startsWith('vks:') || " +
              "request.userInfo.username.startsWith('system:serviceaccount:' + request.namespace + ':'))",
            message: 'This object is managed by the VKS control plane and cannot be changed.',
            reason: 'Forbidden',
          },
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: GUARD_POLICY_NAME, labels },
      spec: { policyName: GUARD_POLICY_NAME, validationActions: ['Deny'] },
    },
  ];
}
