import { stringify } from 'yaml';

export const KUBECONFIG_CONTENT_TYPE = 'application/yaml';

export interface KubeconfigInput {
  /** The virtual cluster's id, used as the cluster, user and context name. */
  readonly clusterId: string;
  /** The shared EKS cluster's API endpoint. */
  readonly server: string;
  /** The cluster CA, base64 of the PEM as EKS DescribeCluster gives it. */
  readonly certificateAuthorityData: string;
  readonly namespace: string;
  readonly credential:
    | { readonly kind: 'token'; readonly token: string }
    /** The CLI fetches a fresh token at each use (`vks token --cluster ID`). */
    | { readonly kind: 'exec'; readonly command: string };
}

/**
 * A kubeconfig of one cluster, one user and one context, the namespace being the context's
 * default so that `kubectl get pods` works without `-n`.
 */
export function renderKubeconfig(input: KubeconfigInput): string {
  const name = input.clusterId;
  const user =
    input.credential.kind === 'token'
      ? { token: input.credential.token }
      : {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: input.credential.command,
            args: ['token', '--cluster', input.clusterId],
            interactiveMode: 'Never',
            provideClusterInfo: false,
          },
        };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name,
        cluster: {
          server: input.server,
          'certificate-authority-data': input.certificateAuthorityData,
        },
      },
    ],
    users: [{ name, user }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: input.namespace } }],
    'current-context': name,
  });
}
