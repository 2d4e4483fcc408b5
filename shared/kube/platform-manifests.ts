import type { KubeObject } from '../ports/kube';
import { exposureGuardObjects } from './exposure-guard';
import { serviceExporterCrd, serviceExporterRoles } from './service-exporter-crd';

/**
 * The cluster-scoped objects the platform keeps applied once for every virtual cluster: the
 * ServiceExporter CRD, the roles that let tenants use it, and the admission policy that keeps
 * load balancers and the export ingress class to the control plane.
 */
export function platformManifests(ingressClass: string): KubeObject[] {
  return [serviceExporterCrd(), ...serviceExporterRoles(), ...exposureGuardObjects(ingressClass)];
}
