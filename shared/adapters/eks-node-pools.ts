import {
  CreateNodegroupCommand,
  DeleteNodegroupCommand,
  DescribeNodegroupCommand,
  ResourceInUseException,
  ResourceLimitExceededException,
  ResourceNotFoundException,
  ServerException,
  ServiceUnavailableException,
  ThrottlingException,
  UpdateNodegroupConfigCommand,
  type EKSClient,
  type Nodegroup,
} from '@aws-sdk/client-eks';
import {
  NodePoolBusyError,
  NodePoolFailedError,
  type NodePools,
  type NodePoolScaling,
  type NodePoolSpec,
  type NodePoolState,
} from '../ports/node-pools';

export interface EksNodePoolsConfig {
  readonly clusterName: string;
  /** The IAM role the GPU nodes run as (the EKS node role). */
  readonly nodeRoleArn: string;
  readonly subnetIds: readonly string[];
}

/** The AMI type EKS documents for NVIDIA GPU instances on Amazon Linux 2023. */
export const GPU_AMI_TYPE = 'AL2023_x86_64_NVIDIA';

/**
 * AWS runtime: one EKS managed node group per GPU type in the shared cluster. Scaling from zero
 * works with the Cluster Autoscaler, which reads a managed node group's labels and taints from
 * EKS when it has no node to look at; the tags below let it discover the group.
 */
export class EksNodePools implements NodePools {
  readonly kind = 'eks';

  constructor(
    private readonly client: EKSClient,
    private readonly config: EksNodePoolsConfig,
  ) {}

  async describe(name: string): Promise<NodePoolState | undefined> {
    try {
      const { nodegroup } = await this.client.send(
        new DescribeNodegroupCommand({ clusterName: this.config.clusterName, nodegroupName: name }),
      );
      return nodegroup ? toState(name, nodegroup) : undefined;
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return undefined;
      throw translate(err);
    }
  }

  async create(spec: NodePoolSpec, requestToken: string): Promise<void> {
    try {
      await this.client.send(
        new CreateNodegroupCommand({
          clusterName: this.config.clusterName,
          nodegroupName: spec.name,
          scalingConfig: { ...spec.scaling },
          subnets: [...this.config.subnetIds],
          instanceTypes: [spec.instanceType],
          amiType: GPU_AMI_TYPE,
          capacityType: spec.capacityType,
          nodeRole: this.config.nodeRoleArn,
          labels: { ...spec.labels },
          taints: spec.taints.map((t) => ({ key: t.key, value: t.value, effect: 'NO_SCHEDULE' })),
          tags: {
            'vks:gpu-type': spec.gpuType,
            'k8s.io/cluster-autoscaler/enabled': 'true',
            [`k8s.io/cluster-autoscaler/${this.config.clusterName}`]: 'owned',
          },
          clientRequestToken: requestToken,
        }),
      );
    } catch (err) {
      // The group exists already: an earlier attempt of this very step created it.
      if (err instanceof ResourceInUseException) return;
      throw translate(err);
    }
  }

  async resize(name: string, scaling: NodePoolScaling, requestToken: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateNodegroupConfigCommand({
          clusterName: this.config.clusterName,
          nodegroupName: name,
          scalingConfig: { ...scaling },
          clientRequestToken: requestToken,
        }),
      );
    } catch (err) {
      throw translate(err);
    }
  }

  async delete(name: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteNodegroupCommand({ clusterName: this.config.clusterName, nodegroupName: name }),
      );
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return;
      throw translate(err);
    }
  }
}

function toState(name: string, group: Nodegroup): NodePoolState {
  return {
    name,
    status: (group.status ?? 'CREATING') as NodePoolState['status'],
    scaling: {
      minSize: group.scalingConfig?.minSize ?? 0,
      maxSize: group.scalingConfig?.maxSize ?? 0,
      desiredSize: group.scalingConfig?.desiredSize ?? 0,
    },
    issues: (group.health?.issues ?? []).map((i) => `${i.code ?? 'Issue'}: ${i.message ?? ''}`),
  };
}

/** EKS errors become the two the workflow tells apart: try again later, or give up. */
function translate(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (
    err instanceof ResourceInUseException ||
    err instanceof ThrottlingException ||
    err instanceof ServerException ||
    err instanceof ServiceUnavailableException
  ) {
    return new NodePoolBusyError(message, { cause: err });
  }
  if (err instanceof ResourceLimitExceededException) {
    return new NodePoolFailedError(`An EKS quota was reached: ${message}`, { cause: err });
  }
  return new NodePoolFailedError(message, { cause: err });
}
