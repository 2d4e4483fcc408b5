import type { Node } from 'constructs';

/** The deployment's choices, read from CDK context (`cdk.json` or `-c key=value`). */
export interface VksConfig {
  /** The shared EKS cluster that hosts every virtual cluster. */
  readonly eksClusterName: string;
  /** GPUs a new enterprise may provision until the operator changes it. */
  readonly defaultParallelismLimit: number;
  /** The public base URL (custom domain) of the API and OIDC issuer; the API's own URL if unset. */
  readonly publicUrl: string | undefined;
  /** Days that logs are kept. */
  readonly logRetentionDays: number;
}

export function readConfig(node: Node): VksConfig {
  const limit = Number(node.tryGetContext('vks:defaultParallelismLimit') ?? 8);
  if (!Number.isInteger(limit) || limit < 0) {
    throw new Error('Context vks:defaultParallelismLimit must be a whole number of GPUs.');
  }
  const publicUrl = node.tryGetContext('vks:publicUrl') as string | undefined;
  if (publicUrl !== undefined && !/^https:\/\/[^/]+$/.test(publicUrl)) {
    throw new Error('Context vks:publicUrl must be an https origin without a path.');
  }
  return {
    eksClusterName: String(node.tryGetContext('vks:eksClusterName') ?? 'vks-shared'),
    defaultParallelismLimit: limit,
    publicUrl,
    logRetentionDays: Number(node.tryGetContext('vks:logRetentionDays') ?? 90),
  };
}
