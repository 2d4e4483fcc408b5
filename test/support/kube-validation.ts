import { Ajv } from 'ajv';
import {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
} from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { LimitRange, Namespace, ResourceQuota } from 'kubernetes-models/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import type { KubeObject } from '../../shared/ports/kube';
import { clusterQueueSchema, localQueueSchema, resourceFlavorSchema } from './kueue-schemas';

/**
 * Validates a rendered object against its schema: the Kubernetes OpenAPI schemas through the
 * `kubernetes-models` validators for built-in kinds, and the Kueue CRD schemas for Kueue's.
 * Throws, naming the object and the failing path, when it does not validate.
 */
const builtIn: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ResourceQuota': ResourceQuota,
  'v1/LimitRange': LimitRange,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': ValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding':
    ValidatingAdmissionPolicyBinding,
};

const ajv = new Ajv({ allErrors: true, strict: true });
const kueue: Record<string, ReturnType<typeof ajv.compile>> = {
  'kueue.x-k8s.io/v1beta1/ResourceFlavor': ajv.compile(resourceFlavorSchema),
  'kueue.x-k8s.io/v1beta1/ClusterQueue': ajv.compile(clusterQueueSchema),
  'kueue.x-k8s.io/v1beta1/LocalQueue': ajv.compile(localQueueSchema),
};

export function validateKubeObject(object: KubeObject): void {
  const key = `${object.apiVersion}/${object.kind}`;
  const where = `${key} ${object.metadata.name}`;
  const Model = builtIn[key];
  if (Model) {
    try {
      new Model(object).validate();
    } catch (err) {
      throw new Error(`${where} is not valid: ${(err as Error).message}`, { cause: err });
    }
    return;
  }
  const check = kueue[key];
  if (!check) throw new Error(`${where}: no schema is known for this kind`);
  if (!check(object)) throw new Error(`${where} is not valid: ${ajv.errorsText(check.errors)}`);
}
