import type { RequestContext } from '../domain/request-context';
import type { ServiceExport } from '../domain/service-export';
import { recordAudit } from '../store/audit-log';
import type { Transaction } from '../store/transaction';

/** The audit event of a service export change, alike whether the API or the reconciler made it. */
export function auditExport(
  tx: Transaction,
  exp: ServiceExport,
  context: RequestContext,
  action: string,
  at: Date,
): void {
  recordAudit(
    tx,
    exp.enterpriseId,
    context,
    {
      action,
      target: { type: 'service-export', id: `${exp.clusterId}/${exp.name}` },
      details: {
        service: exp.service,
        port: exp.port,
        protocol: exp.protocol,
        origin: exp.origin,
        ...(exp.reason ? { reason: exp.reason } : {}),
      },
    },
    at,
  );
}
