import type { ExportSpec } from '../domain/service-export';
import type { ExportTarget } from '../kube/service-export-exposure';
import type { KubeObject } from '../ports/kube';

interface ServicePort {
  readonly port?: number;
  readonly protocol?: string;
  readonly targetPort?: number | string;
}

interface ServiceSpec {
  readonly type?: string;
  readonly selector?: Record<string, string>;
  readonly ports?: readonly ServicePort[];
}

/**
 * The pods an export reaches, read from the named Service of the export's own namespace (the
 * list passed in is that namespace's only), or why it cannot be exposed. A Service without a
 * selector is refused: its endpoints are whatever addresses someone wrote, and the export's
 * network policy needs the pods' labels to open the way to them alone.
 */
export function resolveTarget(
  spec: ExportSpec,
  services: readonly KubeObject[],
): { target: ExportTarget } | { reason: string } {
  const service = services.find((s) => s.metadata.name === spec.service);
  if (!service) return { reason: `The Service ${spec.service} does not exist in the namespace.` };

  const serviceSpec = (service.spec ?? {}) as ServiceSpec;
  if (serviceSpec.type && serviceSpec.type !== 'ClusterIP') {
    return { reason: `The Service ${spec.service} is of type ${serviceSpec.type}; use ClusterIP.` };
  }
  const selector = serviceSpec.selector ?? {};
  if (Object.keys(selector).length === 0) {
    return { reason: `The Service ${spec.service} has no pod selector.` };
  }
  const port = (serviceSpec.ports ?? []).find((p) => p.port === spec.port);
  if (!port) return { reason: `The Service ${spec.service} has no port ${spec.port}.` };
  if ((port.protocol ?? 'TCP') !== 'TCP') {
    return { reason: `Port ${spec.port} of the Service ${spec.service} is not TCP.` };
  }
  return { target: { selector, targetPort: port.targetPort ?? spec.port } };
}
