import type { Node } from 'constructs';

/** The deployment's choices, read from CDK context (`cdk.json` or `-c key=value`). */
export interface VksConfig {
  /** The shared EKS cluster that hosts every virtual cluster. */
  readonly eksClusterName: string;
  /** GPUs a new enterprise may provision until the operator changes it. */
  readonly defaultParallelismLimit: number;
  /** The public base URL of the API and OIDC issuer: the custom domain, or the API's own URL. */
  readonly publicUrl: string | undefined;
  /** Days that logs are kept. */
  readonly logRetentionDays: number;
  /** The IAM role GPU nodes run as; EKS needs it to create the node groups. */
  readonly nodeRoleArn: string | undefined;
  /** The subnets GPU nodes start in. */
  readonly nodeSubnetIds: readonly string[];
  /** Create the shared EKS cluster (with its VPC) instead of importing it by name. */
  readonly createEksCluster: boolean;
  readonly kubernetesVersion: string;
  /** A custom domain for the API and issuer, with an ACM certificate for it in the same region. */
  readonly domain: { readonly name: string; readonly certificateArn: string } | undefined;
  /** Subscribed to the alarm topic when set. */
  readonly alarmEmail: string | undefined;
}

export function readConfig(node: Node): VksConfig {
  const limit = Number(node.tryGetContext('vks:defaultParallelismLimit') ?? 8);
  if (!Number.isInteger(limit) || limit < 0) {
    throw new Error('Context vks:defaultParallelismLimit must be a whole number of GPUs.');
  }
  const domainName = node.tryGetContext('vks:domainName') as string | undefined;
  const certificateArn = node.tryGetContext('vks:certificateArn') as string | undefined;
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error('Context vks:domainName and vks:certificateArn go together.');
  }
  const publicUrl = domainName ? `https://${domainName}` : undefined;
  return {
    eksClusterName: String(node.tryGetContext('vks:eksClusterName') ?? 'vks-shared'),
    defaultParallelismLimit: limit,
    publicUrl,
    logRetentionDays: Number(node.tryGetContext('vks:logRetentionDays') ?? 90),
    nodeRoleArn: node.tryGetContext('vks:nodeRoleArn') as string | undefined,
    nodeSubnetIds: String(node.tryGetContext('vks:nodeSubnetIds') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    createEksCluster: String(node.tryGetContext('vks:createEksCluster') ?? 'false') === 'true',
    kubernetesVersion: String(node.tryGetContext('vks:kubernetesVersion') ?? '1.33'),
    domain: domainName && certificateArn ? { name: domainName, certificateArn } : undefined,
    alarmEmail: node.tryGetContext('vks:alarmEmail') as string | undefined,
  };
}
