import { EKSClient } from '@aws-sdk/client-eks';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { EksKube } from '../../shared/adapters/eks-kube';
import type { Settings } from '../../shared/config/settings';

export function awsKube(settings: Settings): EksKube {
  const region = settings.region ?? 'us-east-1';
  return new EksKube(
    new EKSClient({ region }),
    settings.eks.clusterName,
    region,
    defaultProvider(),
  );
}
