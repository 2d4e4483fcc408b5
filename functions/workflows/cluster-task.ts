import { EKSClient } from '@aws-sdk/client-eks';
import { EksNodePools } from '../../shared/adapters/eks-node-pools';
import { readSettings, SettingsError } from '../../shared/config/settings';
import { Logger } from '../../shared/logging/logger';
import { openTable } from '../../shared/store/table';
import { runClusterTask, type TaskInput } from '../../shared/workflows/cluster-tasks';
import { awsKube } from './aws-kube';

/**
 * The composition root of the workflow task Lambda: every Task state of the three ASL files
 * invokes it with `{action, enterpriseId, clusterId, generation, ...}`, and it runs the same task
 * handlers the local runner binds in-process. Errors keep their names, which the ASL matches on.
 */
// The runtime setting chooses the API's adapters; this entry point only ever runs in AWS.
const settings = readSettings(process.env);
if (!settings.eks.nodeRoleArn || settings.eks.subnetIds.length === 0) {
  throw new SettingsError('The task Lambda needs VKS_NODE_ROLE_ARN and VKS_NODE_SUBNET_IDS.');
}
const logger = new Logger({ service: 'vks-workflows', level: settings.logLevel });
const deps = {
  table: openTable({ tableName: settings.tableName, region: settings.region }),
  nodePools: new EksNodePools(new EKSClient({ region: settings.region }), {
    clusterName: settings.eks.clusterName,
    nodeRoleArn: settings.eks.nodeRoleArn,
    subnetIds: settings.eks.subnetIds,
  }),
  kube: awsKube(settings),
  isolation: settings.isolation,
  logger,
  now: () => new Date(),
  maxPolls: settings.workflows.maxPolls,
};

export async function handler(event: TaskInput): Promise<Record<string, unknown>> {
  const log = logger.child({ action: event.action, clusterId: event.clusterId });
  try {
    const result = await runClusterTask(deps, event);
    log.info('workflow task done');
    return result;
  } catch (err) {
    log.warn('workflow task failed', { error: err });
    throw err;
  }
}
