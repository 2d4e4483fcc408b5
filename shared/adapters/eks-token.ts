import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** AWS credentials, or a provider of them, as the signer takes them. */
export type AwsCredentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';

/** The presigned URL lives a minute; EKS accepts the token for 15 minutes from its signing. */
const PRESIGN_SECONDS = 60;
export const EKS_TOKEN_LIFETIME_MS = 14 * 60 * 1000;

export interface EksTokenOptions {
  readonly clusterName: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly now?: () => Date;
}

/**
 * A bearer token for the EKS cluster's API under the EKS IAM authentication scheme: an STS
 * GetCallerIdentity request presigned with the caller's credentials, with the cluster name in the
 * signed `x-k8s-aws-id` header so that the token is good for that cluster only. The API server
 * replays the URL to STS to learn who signed it.
 */
export async function eksToken(options: EksTokenOptions): Promise<string> {
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: 'sts',
    sha256: Hash.bind(null, 'sha256'),
  });
  const hostname = `sts.${options.region}.amazonaws.com`;
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, 'x-k8s-aws-id': options.clusterName },
    },
    { expiresIn: PRESIGN_SECONDS, signingDate: options.now?.() ?? new Date() },
  );
  const query = new URLSearchParams(signed.query as Record<string, string>).toString();
  const url = `https://${hostname}/?${query}`;
  return EKS_TOKEN_PREFIX + Buffer.from(url).toString('base64url');
}
