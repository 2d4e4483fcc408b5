/**
 * Asks for one virtual cluster's service exports to be reconciled soon, after the API changed
 * one, so that an export need not wait for the scheduled round. Fire and forget: a request that
 * is lost only means the scheduled round does the work.
 */
export interface ExportReconcileTrigger {
  request(enterpriseId: string, clusterId: string): Promise<void>;
}
