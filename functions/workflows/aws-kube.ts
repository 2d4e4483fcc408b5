import { EKSClient } from '@aws-sdk/client-eks';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { EksKube } from '../../shared/adapters/eks-kube';
import type { Settings } from '../../shared/config/settings';

/** The shared EKS cluster's Kubernetes API, as the task role reaches it. */
export function awsKube(settings: Settings): EksKube {
  const region = settings.region ?? 'us-east-1';
  return new EksKube({
    eks: new EKSClient({ region }),
    clusterName: settings.eks.clusterName,
    region,
    credentials: defaultProvider(),
  });
}
