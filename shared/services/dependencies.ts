import type { Sealer } from '../identity/sealer';
import type { TokenService } from '../identity/tokens';
import type { IsolationPolicy } from '../kube/cluster-manifests';
import type { ClusterEndpoint } from '../ports/cluster-endpoint';
import type { ExportReconcileTrigger } from '../ports/export-reconcile-trigger';
import type { Kube } from '../ports/kube';
import type { NodePools } from '../ports/node-pools';
import type { WorkflowStarter } from '../ports/workflow-starter';
import type { RateLimiter } from '../store/rate-limit-store';
import type { Table } from '../store/table';
import type { DestinationPolicy } from '../webhooks/destination-policy';

/** The limits on unauthenticated endpoints, from settings. */
export interface AbuseLimits {
  /** Sign-ups per source address per hour. */
  readonly signupsPerHour: number;
  /** Failed sign-ins per e-mail address per 15 minutes. */
  readonly failedSigninsPer15Minutes: number;
}

/** What the core use cases need; each entry point's composition root builds one. */
export interface CoreDependencies {
  readonly table: Table;
  readonly tokens: TokenService;
  readonly rateLimiter: RateLimiter;
  readonly abuseLimits: AbuseLimits;
  /** GPUs a new enterprise may provision, in all, until the operator changes it. */
  readonly defaultParallelismLimit: number;
  readonly workflows: WorkflowStarter;
  /** Read by the operator's node pool listing; the workflows change them. */
  readonly nodePools: NodePools;
  readonly now: () => Date;
  readonly webhooks: WebhookDependencies;
  /** Pod Security level and private ranges rendered into every virtual cluster. */
  readonly isolation: IsolationPolicy;
  /** The shared cluster's API endpoint and CA, for kubeconfigs. */
  readonly clusterEndpoint: ClusterEndpoint;
  /** How long a cluster token lives (at most an hour). */
  readonly clusterTokenTtlSeconds: number;
  /** The shared cluster's Kubernetes API: the API writes ServiceExporter objects through it. */
  readonly kube: Kube;
  readonly serviceExports: ServiceExportDependencies;
}

export interface ServiceExportDependencies {
  /** The domain under which every export gets its host name. */
  readonly domain: string;
  readonly ingressClass: string;
  readonly trigger: ExportReconcileTrigger;
}

export interface WebhookDependencies {
  /** Where endpoints may point; checked at registration and again at every delivery. */
  readonly destinations: DestinationPolicy;
  /** Seals signing secrets at rest; the dispatcher opens them to sign. */
  readonly sealer: Sealer;
}
