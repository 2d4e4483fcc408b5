import type { ServiceExport } from '../domain/service-export';

/** A service export as the API and the events show it; slot bookkeeping stays inside. */
export function exportView(exp: ServiceExport) {
  return {
    name: exp.name,
    clusterId: exp.clusterId,
    namespace: exp.namespace,
    service: exp.service,
    port: exp.port,
    protocol: exp.protocol,
    origin: exp.origin,
    phase: exp.phase,
    reason: exp.reason,
    endpoint: exp.endpoint,
    createdAt: exp.createdAt,
    updatedAt: exp.updatedAt,
    version: exp.version,
  };
}

export type ExportView = ReturnType<typeof exportView>;
