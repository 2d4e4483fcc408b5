import type { ExportReconcileTrigger } from '../ports/export-reconcile-trigger';
import {
  reconcileExportsOf,
  type ExportReconcileDependencies,
} from '../services/service-export-reconcile';

/**
 * Local runtime: runs the requested cluster's export reconcile in this process, one round at a
 * time per cluster so that two API changes in a row do not race each other's Kubernetes writes.
 */
export class LocalExportTrigger implements ExportReconcileTrigger {
  private readonly rounds = new Map<string, Promise<void>>();

  constructor(private readonly deps: ExportReconcileDependencies) {}

  async request(enterpriseId: string, clusterId: string): Promise<void> {
    const key = `${enterpriseId}/${clusterId}`;
    const round = (this.rounds.get(key) ?? Promise.resolve()).then(() =>
      reconcileExportsOf(this.deps, enterpriseId, clusterId).catch((error: unknown) =>
        this.deps.logger.warn('service export reconcile failed', { clusterId, error }),
      ),
    );
    this.rounds.set(key, round);
    void round.then(() => {
      if (this.rounds.get(key) === round) this.rounds.delete(key);
    });
  }

  /** Waits until every requested round has run, so that stopping leaves none half done. */
  async idle(): Promise<void> {
    while (this.rounds.size > 0) await Promise.all(this.rounds.values());
  }
}
