import type { FieldError } from './errors';

export const ExportProtocols = ['HTTP', 'TCP'] as const;
export type ExportProtocol = (typeof ExportProtocols)[number];

export const ExportPhases = ['PENDING', 'READY', 'FAILED', 'DELETING'] as const;
export type ExportPhase = (typeof ExportPhases)[number];

/** Where the export was declared: both kinds are the same ServiceExporter object underneath. */
export type ExportOrigin = 'api' | 'kubectl';

/**
 * An export's name is a DNS label short enough to sit, with the 26-character cluster id, in one
 * label of the public host name (`<name>-<cluster id>.<domain>`, 63 characters at most).
 */
export const EXPORT_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,28}[a-z0-9])?$/;

/**
 * The Service is named by a bare DNS-1035 label, as Kubernetes names Services. There is no place
 * for a namespace: the exposure objects live in the export's own namespace and Kubernetes
 * resolves a bare Service name there alone, so another tenant's Service cannot be named at all.
 */
export const SERVICE_NAME_PATTERN = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

export interface ExportEndpoint {
  readonly host: string;
  readonly port: number;
  readonly url: string;
}

export interface ExportSpec {
  readonly service: string;
  readonly port: number;
  readonly protocol: ExportProtocol;
}

export interface ServiceExport extends ExportSpec {
  readonly enterpriseId: string;
  readonly clusterId: string;
  readonly namespace: string;
  readonly name: string;
  readonly origin: ExportOrigin;
  readonly phase: ExportPhase;
  readonly reason: string | null;
  readonly endpoint: ExportEndpoint | null;
  /**
   * Whether the export holds one of the cluster's export slots. A kubectl-created export found
   * over the limit is recorded FAILED without a slot, and takes one when a slot frees.
   */
  readonly counted: boolean;
  /**
   * Whether the reconcile has seen the export's ServiceExporter object. Until then a record
   * without an object is one the API is still writing, not one deleted with kubectl.
   */
  readonly observed: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** The spec of a ServiceExporter as a tenant wrote it, checked as the API checks a request. */
export function specProblems(name: string, spec: Partial<Record<string, unknown>>): FieldError[] {
  const problems: FieldError[] = [];
  if (!EXPORT_NAME_PATTERN.test(name)) {
    problems.push({ field: 'name', message: 'A DNS label of 1 to 30 characters.' });
  }
  if (typeof spec.service !== 'string' || !SERVICE_NAME_PATTERN.test(spec.service)) {
    problems.push({
      field: 'service',
      message: 'The name of a Service in the same namespace (a DNS label, no namespace).',
    });
  }
  const port = spec.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push({ field: 'port', message: 'A port number from 1 to 65535.' });
  }
  if (!ExportProtocols.includes(spec.protocol as ExportProtocol)) {
    problems.push({ field: 'protocol', message: 'HTTP or TCP.' });
  }
  return problems;
}

/** How long the API may take to write the object of an export it recorded. */
export const OBJECT_WRITE_GRACE_MS = 5 * 60 * 1000;

/**
 * Whether a record whose object is missing means the object was deleted: it had been seen, or
 * the API had long enough to write it (a write that failed and whose undo failed too).
 */
export function objectGone(exp: ServiceExport, now: Date): boolean {
  return exp.observed || now.getTime() - Date.parse(exp.createdAt) > OBJECT_WRITE_GRACE_MS;
}

/** The public host of an export: unique service-wide because cluster ids are. */
export function exportHost(clusterId: string, name: string, domain: string): string {
  return `${name}-${clusterId.replace(/^vc_/, '')}.${domain}`;
}

/** HTTP exports are served on 443 with TLS at the shared ingress; TCP on the export's port. */
export function exportEndpoint(
  protocol: ExportProtocol,
  host: string,
  port: number,
): ExportEndpoint {
  return protocol === 'HTTP'
    ? { host, port: 443, url: `https://${host}` }
    : { host, port, url: `tcp://${host}:${port}` };
}
