import { Ajv } from 'ajv';
import {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
} from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1';
import { LimitRange, Namespace, ResourceQuota, Service } from 'kubernetes-models/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { ClusterRole, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { serviceExporterSchema } from '../../shared/kube/service-exporter-crd';
import type { KubeObject } from '../../shared/ports/kube';
import { clusterQueueSchema, localQueueSchema, resourceFlavorSchema } from './kueue-schemas';

/**
 * Validates a rendered object against its schema: the Kubernetes OpenAPI schemas through the
 * `kubernetes-models` validators for built-in kinds, and the Kueue CRD schemas for Kueue's (and
 * the ServiceExporter CRD's own schema for ServiceExporters).
 * Throws, naming the object and the failing path, when it does not validate.
 */
const builtIn: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ResourceQuota': ResourceQuota,
  'v1/LimitRange': LimitRange,
  'v1/Service': Service,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'apiextensions.k8s.io/v1/CustomResourceDefinition': CustomResourceDefinition,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': ValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding':
    ValidatingAdmissionPolicyBinding,
};

const ajv = new Ajv({ allErrors: true, strict: true });
const kueue: Record<string, ReturnType<typeof ajv.compile>> = {
  'kueue.x-k8s.io/v1beta1/ResourceFlavor': ajv.compile(resourceFlavorSchema),
  'kueue.x-k8s.io/v1beta1/ClusterQueue': ajv.compile(clusterQueueSchema),
  'kueue.x-k8s.io/v1beta1/LocalQueue': ajv.compile(localQueueSchema),
  // The product's own kind, against the schema its CRD gives the API server.
  'vks.io/v1/ServiceExporter': ajv.compile(serviceExporterSchema),
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
