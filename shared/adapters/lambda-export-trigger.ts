import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Logger } from '../logging/logger';
import type { ExportReconcileTrigger } from '../ports/export-reconcile-trigger';

/** The payload the reconcile Lambda reads as a request for one cluster's exports. */
export interface ExportReconcileRequest {
  readonly enterpriseId: string;
  readonly clusterId: string;
}

/**
 * AWS: invokes the reconcile Lambda asynchronously (`InvocationType: Event`) for one cluster. A
 * refused invocation is logged and not raised: the export is recorded and its object written, and
 * the scheduled round exposes it anyway.
 */
export class LambdaExportTrigger implements ExportReconcileTrigger {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
    private readonly logger: Logger,
  ) {}

  async request(enterpriseId: string, clusterId: string): Promise<void> {
    const payload: ExportReconcileRequest = { enterpriseId, clusterId };
    try {
      await this.lambda.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
    } catch (error) {
      this.logger.warn('service export reconcile could not be requested', { clusterId, error });
    }
  }
}
