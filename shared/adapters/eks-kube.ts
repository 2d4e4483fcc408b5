import { DescribeClusterCommand, type EKSClient } from '@aws-sdk/client-eks';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:https';
import { KubeError, type Kube, type KubeObject } from '../ports/kube';

export const FIELD_MANAGER = 'vks-control-plane';

interface ClusterAccess {
  readonly endpoint: URL;
  readonly ca: string;
}

/**
 * AWS runtime: the shared EKS cluster's Kubernetes API. Objects are written with server-side
 * apply under one field manager (`force`, since the control plane owns these fields), so a
 * repeated apply is a no-op. The bearer token is the one EKS documents for IAM principals: a
 * presigned STS GetCallerIdentity URL naming the cluster in `x-k8s-aws-id`. The task role needs an
 * EKS access entry that may write namespaces and resource quotas.
 */
export class EksKube implements Kube {
  readonly kind = 'kubernetes';
  private access: Promise<ClusterAccess> | undefined;

  constructor(
    private readonly eks: EKSClient,
    private readonly clusterName: string,
    private readonly region: string,
    private readonly credentials: AwsCredentialIdentityProvider,
  ) {}

  async apply(objects: readonly KubeObject[]): Promise<void> {
    for (const object of objects) {
      const query = `fieldManager=${FIELD_MANAGER}&force=true`;
      await this.call('PATCH', `${pathOf(object)}?${query}`, object);
    }
  }

  async deleteNamespace(name: string): Promise<void> {
    await this.call('DELETE', `/api/v1/namespaces/${encodeURIComponent(name)}`, undefined, [404]);
  }

  private async call(
    method: string,
    path: string,
    body: unknown,
    tolerated: number[] = [],
  ): Promise<void> {
    const access = await this.clusterAccess();
    const token = await this.token();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const status = await send(access, method, path, token, payload);
    if (status.code < 300 || tolerated.includes(status.code)) return;
    throw new KubeError(`Kubernetes API ${method} ${path} answered ${status.code}: ${status.text}`);
  }

  private clusterAccess(): Promise<ClusterAccess> {
    this.access ??= this.eks
      .send(new DescribeClusterCommand({ name: this.clusterName }))
      .then(({ cluster }) => {
        if (!cluster?.endpoint || !cluster.certificateAuthority?.data) {
          throw new KubeError(`The EKS cluster ${this.clusterName} has no endpoint yet.`);
        }
        return {
          endpoint: new URL(cluster.endpoint),
          ca: Buffer.from(cluster.certificateAuthority.data, 'base64').toString('utf8'),
        };
      });
    this.access.catch(() => (this.access = undefined));
    return this.access;
  }

  private token(): Promise<string> {
    return eksToken(this.clusterName, this.region, this.credentials);
  }
}

/**
 * The bearer token EKS accepts from an IAM principal: `k8s-aws-v1.` and the base64url of a
 * presigned STS GetCallerIdentity URL whose signed headers include `x-k8s-aws-id: <cluster>`.
 */
export async function eksToken(
  clusterName: string,
  region: string,
  credentials: AwsCredentialIdentityProvider,
): Promise<string> {
  const signer = new SignatureV4({ credentials, region, service: 'sts', sha256: NodeSha256 });
  const hostname = `sts.${region}.amazonaws.com`;
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, 'x-k8s-aws-id': clusterName },
    },
    { expiresIn: 60 },
  );
  const query = new URLSearchParams(signed.query as Record<string, string>).toString();
  return `k8s-aws-v1.${Buffer.from(`https://${hostname}/?${query}`).toString('base64url')}`;
}

/** Where an object lives in the API; only the kinds this control plane writes. */
export function pathOf(object: KubeObject): string {
  const name = encodeURIComponent(object.metadata.name);
  const ns = object.metadata.namespace && encodeURIComponent(object.metadata.namespace);
  switch (`${object.apiVersion}/${object.kind}`) {
    case 'v1/Namespace':
      return `/api/v1/namespaces/${name}`;
    case 'v1/ResourceQuota':
      return `/api/v1/namespaces/${ns}/resourcequotas/${name}`;
    default:
      throw new KubeError(`The control plane does not apply ${object.apiVersion} ${object.kind}.`);
  }
}

function send(
  access: ClusterAccess,
  method: string,
  path: string,
  token: string,
  payload: string | undefined,
): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: access.endpoint.hostname,
        port: access.endpoint.port || 443,
        method,
        path,
        ca: access.ca,
        timeout: 20_000,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/apply-patch+yaml' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk.slice(0, 2000)));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, text: text.slice(0, 500) }));
      },
    );
    req.on('timeout', () => req.destroy(new KubeError(`Kubernetes API ${method} timed out.`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the SigV4 signer asks for. */
class NodeSha256 {
  private readonly hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret
      ? createHmac('sha256', typeof secret === 'string' ? secret : toBytes(secret))
      : createHash('sha256');
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : toBytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    throw new Error('Not used by the signer.');
  }
}

function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}
