import { request } from 'node:https';
import { DescribeClusterCommand, type EKSClient } from '@aws-sdk/client-eks';
import { FIELD_MANAGER } from '../kube/labels';
import type { ClusterEndpoint, ClusterEndpointInfo } from '../ports/cluster-endpoint';
import { KubeError, type Kube, type KubeObject } from '../ports/kube';
import { EKS_TOKEN_LIFETIME_MS, eksToken, type AwsCredentials } from './eks-token';
import { collectionPath, objectPath } from './kube-resources';

export interface EksKubeOptions {
  readonly eks: EKSClient;
  readonly clusterName: string;
  readonly region: string;
  /** The task role's credentials; the cluster maps that role to its Kubernetes user. */
  readonly credentials: AwsCredentials;
  readonly now?: () => Date;
  readonly timeoutMs?: number;
}

interface Endpoint {
  readonly url: string;
  readonly ca: string;
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown> | null;
}

const APPLY_CONTENT_TYPE = 'application/apply-patch+yaml';

/**
 * The shared EKS cluster's Kubernetes API. Every write is a server-side apply under one field
 * manager with `force=true`, so the control plane's fields win over a tenant's edit and applying
 * the same objects again changes nothing; `fieldValidation=Strict` makes a field the API server
 * does not know an error instead of being dropped.
 */
export class EksKube implements Kube, ClusterEndpoint {
  readonly kind = 'kubernetes';
  private cached: Promise<Endpoint> | undefined;
  private token: { value: string; renewAt: number } | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: EksKubeOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async apply(objects: readonly KubeObject[]): Promise<void> {
    for (const object of objects) {
      const { apiVersion, kind, metadata } = object;
      const path = objectPath(apiVersion, kind, metadata.name, metadata.namespace);
      await this.send('PATCH', `${path}?${applyQuery()}`, object, APPLY_CONTENT_TYPE);
    }
  }

  async applyStatus(object: KubeObject & { readonly status: unknown }): Promise<void> {
    const { apiVersion, kind, metadata, status } = object;
    const path = objectPath(apiVersion, kind, metadata.name, metadata.namespace);
    const patch = {
      apiVersion,
      kind,
      metadata: { name: metadata.name, namespace: metadata.namespace },
      status,
    };
    await this.send('PATCH', `${path}/status?${applyQuery()}`, patch, APPLY_CONTENT_TYPE);
  }

  async deleteNamespace(name: string): Promise<void> {
    await this.remove(objectPath('v1', 'Namespace', name));
  }

  /** Deletes objects by kind, name and namespace; one already gone is fine. */
  async delete(objects: readonly KubeObject[]): Promise<void> {
    for (const { apiVersion, kind, metadata } of objects) {
      await this.remove(objectPath(apiVersion, kind, metadata.name, metadata.namespace));
    }
  }

  /** The objects of one kind (in one namespace, for a namespaced kind), as the API holds them. */
  async list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]> {
    const answer = await this.send('GET', collectionPath(apiVersion, kind, namespace));
    const items = (answer.body?.items ?? []) as KubeObject[];
    return items.map((item) => ({ ...item, apiVersion, kind }));
  }

  /** The endpoint and CA as a kubeconfig names them (the CA as EKS gives it, base64 PEM). */
  async describe(): Promise<ClusterEndpointInfo> {
    const endpoint = await this.clusterAccess();
    return {
      server: endpoint.url,
      certificateAuthorityData: Buffer.from(endpoint.ca).toString('base64'),
      simulated: false,
    };
  }

  private async remove(path: string): Promise<void> {
    const query = new URLSearchParams({ propagationPolicy: 'Background' });
    await this.send('DELETE', `${path}?${query}`, undefined, undefined, [404]);
  }

  private async send(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    tolerated: readonly number[] = [],
  ): Promise<Answer> {
    const endpoint = await this.clusterAccess();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.bearer()}`,
      accept: 'application/json',
    };
    if (payload !== undefined) {
      headers['content-type'] = contentType;
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const answer = await this.exchange(
      new URL(path, endpoint.url),
      method,
      headers,
      endpoint.ca,
      payload,
    );
    if ((answer.status >= 200 && answer.status < 300) || tolerated.includes(answer.status)) {
      return answer;
    }
    const message = typeof answer.body?.message === 'string' ? answer.body.message : 'no message';
    throw new KubeError(
      `The Kubernetes API answered ${answer.status} to ${method} ${path.split('?')[0]}: ${message}`,
    );
  }

  private exchange(
    url: URL,
    method: string,
    headers: Record<string, string>,
    ca: string,
    payload: string | undefined,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, ca, timeout: this.options.timeoutMs ?? 30_000 });
      req.on('timeout', () => req.destroy(new KubeError(`${method} ${url.pathname} timed out.`)));
      req.on('error', (err) =>
        reject(
          err instanceof KubeError
            ? err
            : new KubeError(`The Kubernetes API could not be reached: ${err.message}`, {
                cause: err,
              }),
        ),
      );
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: parseBody(text) });
        });
      });
      req.end(payload);
    });
  }

  /** The endpoint and CA change only when the cluster is replaced, so one lookup serves all. */
  private clusterAccess(): Promise<Endpoint> {
    this.cached ??= this.options.eks
      .send(new DescribeClusterCommand({ name: this.options.clusterName }))
      .then(({ cluster }) => {
        const url = cluster?.endpoint;
        const ca = cluster?.certificateAuthority?.data;
        if (!url || !ca) {
          throw new KubeError(`The EKS cluster ${this.options.clusterName} has no endpoint yet.`);
        }
        return { url, ca: Buffer.from(ca, 'base64').toString('utf8') };
      })
      .catch((err: unknown) => {
        this.cached = undefined;
        throw err instanceof KubeError
          ? err
          : new KubeError(`DescribeCluster ${this.options.clusterName} failed.`, { cause: err });
      });
    return this.cached;
  }

  private async bearer(): Promise<string> {
    const at = this.now().getTime();
    if (!this.token || at >= this.token.renewAt) {
      const value = await eksToken({
        clusterName: this.options.clusterName,
        region: this.options.region,
        credentials: this.options.credentials,
        now: this.now,
      });
      this.token = { value, renewAt: at + EKS_TOKEN_LIFETIME_MS };
    }
    return this.token.value;
  }
}

const applyQuery = () =>
  new URLSearchParams({ fieldManager: FIELD_MANAGER, force: 'true', fieldValidation: 'Strict' });

/** The API server answers JSON; anything else (a proxy's page) is kept short as the message. */
function parseBody(text: string): Record<string, unknown> | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { message: text.slice(0, 200) };
  }
}
