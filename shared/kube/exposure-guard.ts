import type { KubeObject } from '../ports/kube';
import { CLUSTER_LABEL, MANAGED_BY, MANAGED_BY_LABEL } from './labels';

export const EXPOSURE_GUARD_NAME = 'vks-restrict-exposure';

/**
 * A ValidatingAdmissionPolicy that keeps the two ways out of a tenant namespace in the control
 * plane's hands. The tenant quota cannot do it, because a quota counts objects whoever creates
 * them: the control plane's own load balancers for TCP exports live in the tenant namespace too.
 * So a tenant (an OIDC user or a service account of the namespace) may not create or change a
 * Service into a LoadBalancer, nor an Ingress of the platform's export class, whose host names
 * and certificate belong to the platform.
 */
export function exposureGuardObjects(ingressClass: string): KubeObject[] {
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY };
  const cls = `'${ingressClass}'`;
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: EXPOSURE_GUARD_NAME, labels },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          namespaceSelector: { matchExpressions: [{ key: CLUSTER_LABEL, operator: 'Exists' }] },
          resourceRules: [
            {
              apiGroups: [''],
              apiVersions: ['v1'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['services'],
            },
            {
              apiGroups: ['networking.k8s.io'],
              apiVersions: ['v1'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['ingresses'],
            },
          ],
        },
        matchConditions: [
          {
            name: 'tenant-request',
            expression:
              "request.userInfo.username.startsWith('vks:') || " +
              "request.userInfo.username.startsWith('system:serviceaccount:' + request.namespace + ':')",
          },
        ],
        validations: [
          {
            expression:
              "request.resource.resource != 'services' || " +
              "!has(object.spec.type) || object.spec.type != 'LoadBalancer'",
            message: 'Load balancers are created by the VKS control plane: use a ServiceExporter.',
            reason: 'Forbidden',
          },
          {
            expression:
              "request.resource.resource != 'ingresses' || (" +
              `(!has(object.spec.ingressClassName) || object.spec.ingressClassName != ${cls}) && ` +
              '!(has(object.metadata.annotations) && ' +
              "'kubernetes.io/ingress.class' in object.metadata.annotations && " +
              `object.metadata.annotations['kubernetes.io/ingress.class'] == ${cls}))`,
            message: `The ingress class ${ingressClass} serves ServiceExporters only.`,
            reason: 'Forbidden',
          },
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: EXPOSURE_GUARD_NAME, labels },
      spec: { policyName: EXPOSURE_GUARD_NAME, validationActions: ['Deny'] },
    },
  ];
}
