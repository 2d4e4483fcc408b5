import {
  CreateNodegroupCommand,
  DeleteNodegroupCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ResourceInUseException,
  ResourceNotFoundException,
  ThrottlingException,
  UpdateNodegroupConfigCommand,
} from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EksNodePools, GPU_AMI_TYPE } from '../../../shared/adapters/eks-node-pools';
import { gpuTypeFrom, seedCatalogue } from '../../../shared/domain/gpu-type';
import { NodePoolBusyError, NodePoolFailedError } from '../../../shared/ports/node-pools';

const eks = mockClient(EKSClient);
const config = {
  clusterName: 'vks-shared',
  nodeRoleArn: 'arn:aws:iam::123456789012:role/vks-gpu-node',
  subnetIds: ['subnet-aaa', 'subnet-bbb'],
};
const pools = () => new EksNodePools(new EKSClient({ region: 'eu-west-1' }), config);
const h100 = gpuTypeFrom('h100', seedCatalogue.h100!, '2026-01-01T00:00:00.000Z');
const meta = { $metadata: {} };

beforeEach(() => eks.reset());

describe('EKS node pools', () => {
  it('creates a node group with the NVIDIA AL2023 AMI, labels, a NoSchedule taint, from zero', async () => {
    eks.on(CreateNodegroupCommand).resolves({});

    await pools().create(
      {
        name: 'vks-gpu-h100',
        gpuType: 'h100',
        instanceType: h100.instanceType,
        capacityType: h100.capacityType,
        labels: h100.nodeLabels,
        taints: h100.taints,
        scaling: { minSize: 0, maxSize: 2, desiredSize: 0 },
      },
      'vc_a-1-h100-2',
    );

    expect(eks.commandCalls(CreateNodegroupCommand)[0]!.args[0].input).toEqual({
      clusterName: 'vks-shared',
      nodegroupName: 'vks-gpu-h100',
      scalingConfig: { minSize: 0, maxSize: 2, desiredSize: 0 },
      subnets: ['subnet-aaa', 'subnet-bbb'],
      instanceTypes: ['p5.48xlarge'],
      amiType: GPU_AMI_TYPE,
      capacityType: 'ON_DEMAND',
      nodeRole: config.nodeRoleArn,
      labels: { 'vks.io/gpu-type': 'h100', 'nvidia.com/gpu.present': 'true' },
      taints: [{ key: 'vks.io/gpu-type', value: 'h100', effect: 'NO_SCHEDULE' }],
      tags: {
        'vks:gpu-type': 'h100',
        'k8s.io/cluster-autoscaler/enabled': 'true',
        'k8s.io/cluster-autoscaler/vks-shared': 'owned',
      },
      clientRequestToken: 'vc_a-1-h100-2',
    });
    expect(GPU_AMI_TYPE).toBe('AL2023_x86_64_NVIDIA');
  });

  it('treats a node group that already exists as created', async () => {
    eks
      .on(CreateNodegroupCommand)
      .rejects(new ResourceInUseException({ message: 'exists', ...meta }));
    await expect(
      pools().create(
        {
          name: 'vks-gpu-h100',
          gpuType: 'h100',
          instanceType: 'p5.48xlarge',
          capacityType: 'ON_DEMAND',
          labels: {},
          taints: [],
          scaling: { minSize: 0, maxSize: 1, desiredSize: 0 },
        },
        't',
      ),
    ).resolves.toBeUndefined();
  });

  it('describes a node group in EKS terms, and an absent one as undefined', async () => {
    eks
      .on(DescribeNodegroupCommand, { nodegroupName: 'vks-gpu-h100' })
      .resolves({
        nodegroup: {
          status: 'CREATE_FAILED',
          scalingConfig: { minSize: 0, maxSize: 2, desiredSize: 0 },
          health: { issues: [{ code: 'InsufficientFreeAddresses', message: 'no IPs left' }] },
        },
      })
      .on(DescribeNodegroupCommand, { nodegroupName: 'vks-gpu-a10g' })
      .rejects(new ResourceNotFoundException({ message: 'nope', ...meta }));

    expect(await pools().describe('vks-gpu-h100')).toEqual({
      name: 'vks-gpu-h100',
      status: 'CREATE_FAILED',
      scaling: { minSize: 0, maxSize: 2, desiredSize: 0 },
      issues: ['InsufficientFreeAddresses: no IPs left'],
    });
    expect(await pools().describe('vks-gpu-a10g')).toBeUndefined();
    expect(eks.commandCalls(DescribeNodegroupCommand)[0]!.args[0].input).toEqual({
      clusterName: 'vks-shared',
      nodegroupName: 'vks-gpu-h100',
    });
  });

  it('resizes with UpdateNodegroupConfig, and says busy while an update runs', async () => {
    eks
      .on(UpdateNodegroupConfigCommand)
      .resolvesOnce({})
      .rejects(new ResourceInUseException({ message: 'update in progress', ...meta }));

    await pools().resize('vks-gpu-h100', { minSize: 0, maxSize: 3, desiredSize: 1 }, 'tok');
    expect(eks.commandCalls(UpdateNodegroupConfigCommand)[0]!.args[0].input).toEqual({
      clusterName: 'vks-shared',
      nodegroupName: 'vks-gpu-h100',
      scalingConfig: { minSize: 0, maxSize: 3, desiredSize: 1 },
      clientRequestToken: 'tok',
    });
    await expect(
      pools().resize('vks-gpu-h100', { minSize: 0, maxSize: 4, desiredSize: 1 }, 'tok2'),
    ).rejects.toBeInstanceOf(NodePoolBusyError);
  });

  it('deletes, treating a node group already gone as deleted; throttling is busy', async () => {
    eks
      .on(DeleteNodegroupCommand, { nodegroupName: 'vks-gpu-h100' })
      .rejects(new ResourceNotFoundException({ message: 'gone', ...meta }))
      .on(DeleteNodegroupCommand, { nodegroupName: 'vks-gpu-a100' })
      .rejects(new ThrottlingException({ message: 'slow down', ...meta }));

    await expect(pools().delete('vks-gpu-h100')).resolves.toBeUndefined();
    await expect(pools().delete('vks-gpu-a100')).rejects.toBeInstanceOf(NodePoolBusyError);
    expect(eks.commandCalls(DeleteNodegroupCommand)[0]!.args[0].input).toEqual({
      clusterName: 'vks-shared',
      nodegroupName: 'vks-gpu-h100',
    });
  });

  it('gives up on errors that repeating will not fix', async () => {
    eks.on(DeleteNodegroupCommand).rejects(new Error('AccessDenied'));
    await expect(pools().delete('vks-gpu-h100')).rejects.toBeInstanceOf(NodePoolFailedError);
  });
});
