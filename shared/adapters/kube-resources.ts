/**
 * Where the Kubernetes API keeps each kind the control plane writes: its resource name and
 * whether it lives in a namespace. A static table rather than API discovery, because the control
 * plane writes a closed set of kinds and a kind outside it is a bug, not something to look up.
 */
interface ResourceInfo {
  readonly plural: string;
  readonly namespaced: boolean;
}

const resources: Readonly<Record<string, ResourceInfo>> = {
  'v1/Namespace': { plural: 'namespaces', namespaced: false },
  'v1/ResourceQuota': { plural: 'resourcequotas', namespaced: true },
  'v1/LimitRange': { plural: 'limitranges', namespaced: true },
  'v1/Service': { plural: 'services', namespaced: true },
  'rbac.authorization.k8s.io/v1/RoleBinding': { plural: 'rolebindings', namespaced: true },
  'networking.k8s.io/v1/NetworkPolicy': { plural: 'networkpolicies', namespaced: true },
  'networking.k8s.io/v1/Ingress': { plural: 'ingresses', namespaced: true },
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': {
    plural: 'validatingadmissionpolicies',
    namespaced: false,
  },
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': {
    plural: 'validatingadmissionpolicybindings',
    namespaced: false,
  },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': {
    plural: 'customresourcedefinitions',
    namespaced: false,
  },
  'rbac.authorization.k8s.io/v1/ClusterRole': { plural: 'clusterroles', namespaced: false },
  'vks.io/v1/ServiceExporter': { plural: 'serviceexporters', namespaced: true },
  'kueue.x-k8s.io/v1beta1/ResourceFlavor': { plural: 'resourceflavors', namespaced: false },
  'kueue.x-k8s.io/v1beta1/ClusterQueue': { plural: 'clusterqueues', namespaced: false },
  'kueue.x-k8s.io/v1beta1/LocalQueue': { plural: 'localqueues', namespaced: true },
};

/** The collection path of a kind, e.g. `/apis/networking.k8s.io/v1/namespaces/NS/networkpolicies`. */
export function collectionPath(apiVersion: string, kind: string, namespace?: string): string {
  const info = resources[`${apiVersion}/${kind}`];
  if (!info) throw new Error(`The control plane does not write ${kind} (${apiVersion}).`);
  if (info.namespaced && !namespace) throw new Error(`A ${kind} needs a namespace.`);
  const group = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const scope = info.namespaced ? `/namespaces/${encodeURIComponent(namespace!)}` : '';
  return `${group}${scope}/${info.plural}`;
}

export function objectPath(
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
): string {
  return `${collectionPath(apiVersion, kind, namespace)}/${encodeURIComponent(name)}`;
}
