import { CfnIdentityProviderConfig } from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { OIDC_GROUPS_PREFIX, OIDC_USERNAME_PREFIX } from '../shared/domain/cluster-access';
import { CLUSTER_AUDIENCE } from '../shared/identity/cluster-credentials';

export interface ClusterIdentityProps {
  /** The shared EKS cluster, by name (context `vks:eksClusterName`). */
  readonly clusterName: string;
  /** The control plane's public URL: the issuer of its tokens and of its discovery document. */
  readonly issuerUrl: string;
}

/**
 * Makes the control plane an OIDC identity provider of the shared EKS cluster. The API server
 * then accepts a cluster token from `POST /v1/clusters/{id}/credentials`: it fetches the JWKS
 * through the issuer's discovery document, checks the audience, and sees the user `vks:<account>`
 * in the groups `vks:<cluster>:<level>` that the tenant namespace's RoleBindings bind.
 */
export class ClusterIdentity extends Construct {
  readonly config: CfnIdentityProviderConfig;

  constructor(scope: Construct, id: string, props: ClusterIdentityProps) {
    super(scope, id);
    this.config = new CfnIdentityProviderConfig(this, 'Oidc', {
      clusterName: props.clusterName,
      type: 'oidc',
      identityProviderConfigName: 'vks-control-plane',
      oidc: {
        issuerUrl: props.issuerUrl,
        clientId: CLUSTER_AUDIENCE,
        usernameClaim: 'sub',
        usernamePrefix: OIDC_USERNAME_PREFIX,
        groupsClaim: 'groups',
        groupsPrefix: OIDC_GROUPS_PREFIX,
      },
    });
  }
}
