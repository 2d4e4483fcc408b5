import { Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { FlowLogDestination, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { CfnCluster, CfnNodegroup } from 'aws-cdk-lib/aws-eks';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The cluster role's policy first, then the node role's. */
const eksManagedPolicies = [
  'AmazonEKSClusterPolicy',
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy',
  'AmazonEC2ContainerRegistryReadOnly',
] as const;

export interface ClusterStackProps extends StackProps {
  readonly clusterName: string;
  readonly kubernetesVersion: string;
}

/**
 * The shared EKS cluster, for an account that has none yet (context `vks:createEksCluster`). It
 * has a small system node group for cluster add-ons and Kueue; GPU node groups are created and
 * sized by the control plane's workflows, one per GPU type. Long-lived, so a stack of its own.
 */
export class ClusterStack extends Stack {
  readonly clusterName: string;
  /** Where the GPU node groups the workflows create start their nodes. */
  readonly nodeSubnetIds: string[];

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, props);
    this.clusterName = props.clusterName;

    const vpc = new Vpc(this, 'Vpc', {
      maxAzs: 3,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'nodes', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 19 },
      ],
    });
    this.nodeSubnetIds = vpc.privateSubnets.map((s) => s.subnetId);
    vpc.addFlowLog('FlowLogs', {
      destination: FlowLogDestination.toCloudWatchLogs(
        new LogGroup(this, 'FlowLogGroup', { retention: RetentionDays.THREE_MONTHS }),
      ),
    });

    const clusterRole = new Role(this, 'ClusterRole', {
      assumedBy: new ServicePrincipal('eks.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName(eksManagedPolicies[0])],
    });
    const cluster = new CfnCluster(this, 'Cluster', {
      name: props.clusterName,
      version: props.kubernetesVersion,
      roleArn: clusterRole.roleArn,
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
      resourcesVpcConfig: {
        subnetIds: vpc.privateSubnets.map((s) => s.subnetId),
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
      },
      logging: {
        clusterLogging: {
          enabledTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].map(
            (type) => ({ type }),
          ),
        },
      },
    });

    const nodeRole = new Role(this, 'SystemNodeRole', {
      assumedBy: new ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [
        'AmazonEKSWorkerNodePolicy',
        'AmazonEKS_CNI_Policy',
        'AmazonEC2ContainerRegistryReadOnly',
      ].map((name) => ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    const system = new CfnNodegroup(this, 'SystemNodes', {
      clusterName: props.clusterName,
      nodegroupName: 'system',
      nodeRole: nodeRole.roleArn,
      subnets: vpc.privateSubnets.map((s) => s.subnetId),
      amiType: 'AL2023_x86_64_STANDARD',
      instanceTypes: ['m6i.large'],
      scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 4 },
      labels: { 'vks.io/pool': 'system' },
    });
    system.node.addDependency(cluster);

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-EKS1',
        reason:
          'Tenants reach the API server with kubectl from their own networks; every request ' +
          'carries an OIDC token the control plane issued, valid for at most an hour.',
      },
      ...eksManagedPolicies.map((name) => ({
        id: `AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
        reason: 'EKS documents this AWS managed policy as required for cluster and node roles.',
      })),
    );
  }
}
