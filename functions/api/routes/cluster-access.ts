import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AccessLevels } from '../../../shared/domain/cluster-access';
import { CLUSTER_AUDIENCE } from '../../../shared/identity/cluster-credentials';
import { clusterManifests } from '../../../shared/kube/cluster-manifests';
import { KUBECONFIG_CONTENT_TYPE } from '../../../shared/kube/kubeconfig';
import type { AccessGrant } from '../../../shared/store/access-grant-store';
import { listGpuTypes } from '../../../shared/store/gpu-catalogue-store';
import {
  grantAccess,
  listAccess,
  reachCluster,
  revokeAccess,
} from '../../../shared/services/cluster-access';
import { issueCredentials, kubeconfigFor } from '../../../shared/services/cluster-credentials';
import type { ApiDependencies, ApiEnv } from '../env';
import { auditContext } from '../middleware/request-context';
import { authErrors, commonErrors, guarded, jsonBody, jsonContent, pick } from '../openapi';

const Level = z.enum(AccessLevels).openapi({ example: 'edit' });
const GrantBody = z.strictObject({ level: Level }).openapi('AccessGrantRequest');
const GrantSchema = z
  .object({
    clusterId: z.string(),
    accountId: z.string(),
    level: Level,
    grantedBy: z.string(),
    grantedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AccessGrant');
const CredentialSchema = z
  .object({
    token: z.string(),
    tokenType: z.literal('Bearer'),
    audience: z.string(),
    groups: z.array(z.string()),
    namespace: z.string(),
    expiresAt: z.string(),
  })
  .openapi('ClusterCredential');
const ManifestListSchema = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('List'),
    items: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('ClusterManifests');

const clusterParams = z.object({ id: z.string().max(64) });
const grantParams = clusterParams.extend({ accountId: z.string().max(64) });
const noStore = { 'cache-control': 'no-store' };

const grantView = (g: AccessGrant) => ({
  clusterId: g.clusterId,
  accountId: g.accountId,
  level: g.level,
  grantedBy: g.grantedBy,
  grantedAt: g.grantedAt,
  updatedAt: g.updatedAt,
});

export function clusterAccessRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/clusters/{id}/access',
      tags: ['Cluster access'],
      summary: 'Who may reach the cluster, and at which level',
      description: 'The administrator holds `admin` on every cluster and is not listed.',
      ...guarded(deps, 'clusters:grant'),
      request: { params: clusterParams },
      responses: {
        200: jsonContent(z.object({ items: z.array(GrantSchema) }), 'The grants.'),
        ...authErrors,
        ...pick(404),
      },
    }),
    async (c) => {
      const grants = await listAccess(deps, c.get('principal'), c.req.valid('param').id);
      return c.json({ items: grants.map(grantView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/clusters/{id}/access/{accountId}',
      tags: ['Cluster access'],
      summary: 'Grant a member access to the cluster, or change its level',
      ...guarded(deps, 'clusters:grant'),
      request: { params: grantParams, body: jsonBody(GrantBody) },
      responses: {
        200: jsonContent(GrantSchema, 'The grant, changed or as it was.'),
        201: jsonContent(GrantSchema, 'The new grant.'),
        ...commonErrors,
        ...authErrors,
        ...pick(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const { id, accountId } = c.req.valid('param');
      const { grant, created } = await grantAccess(
        deps,
        c.get('principal'),
        { clusterId: id, accountId, level: c.req.valid('json').level },
        auditContext(c),
      );
      return created ? c.json(grantView(grant), 201) : c.json(grantView(grant), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/clusters/{id}/access/{accountId}',
      tags: ['Cluster access'],
      summary: 'Take a member’s access away; it gets no new cluster token from now on',
      ...guarded(deps, 'clusters:grant'),
      request: { params: grantParams },
      responses: { 204: { description: 'Revoked.' }, ...authErrors, ...pick(404, 409) },
    }),
    async (c) => {
      const { id, accountId } = c.req.valid('param');
      await revokeAccess(deps, c.get('principal'), { clusterId: id, accountId }, auditContext(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/clusters/{id}/credentials',
      tags: ['Cluster access'],
      summary: 'A short-lived token for the cluster’s Kubernetes API',
      description:
        'An OIDC token for the shared EKS cluster whose `groups` name the caller’s grant on ' +
        'this cluster. Without a grant: `403`, or `404` for a cluster the caller cannot see.',
      ...guarded(deps),
      request: { params: clusterParams },
      responses: {
        200: jsonContent(CredentialSchema, 'The token.'),
        ...authErrors,
        ...pick(404, 409),
      },
    }),
    async (c) => {
      const credential = await issueCredentials(
        deps,
        c.get('principal'),
        c.req.valid('param').id,
        auditContext(c),
      );
      return c.json(
        {
          token: credential.token,
          tokenType: 'Bearer' as const,
          audience: CLUSTER_AUDIENCE,
          groups: [...credential.groups],
          namespace: credential.namespace,
          expiresAt: credential.expiresAt.toISOString(),
        },
        200,
        noStore,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/clusters/{id}/kubeconfig',
      tags: ['Cluster access'],
      summary: 'A kubeconfig for the cluster, its namespace as the default',
      ...guarded(deps),
      request: {
        params: clusterParams,
        query: z.object({ credential: z.enum(['token', 'exec']).default('token') }),
      },
      responses: {
        200: {
          description: 'The kubeconfig, with an embedded token or the `vks` CLI as exec plugin.',
          content: { [KUBECONFIG_CONTENT_TYPE]: { schema: z.string() } },
        },
        ...authErrors,
        ...pick(404, 409),
      },
    }),
    async (c) => {
      const text = await kubeconfigFor(
        deps,
        c.get('principal'),
        c.req.valid('param').id,
        c.req.valid('query').credential,
        auditContext(c),
      );
      return c.body(text, 200, { 'content-type': KUBECONFIG_CONTENT_TYPE, ...noStore });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/clusters/{id}/manifests',
      tags: ['Cluster access'],
      summary: 'Every Kubernetes object the control plane keeps applied for the cluster',
      ...guarded(deps),
      request: { params: clusterParams },
      responses: {
        200: jsonContent(ManifestListSchema, 'The objects, as a Kubernetes List.'),
        ...authErrors,
        ...pick(404),
      },
    }),
    async (c) => {
      const { cluster } = await reachCluster(deps, c.get('principal'), c.req.valid('param').id);
      const items =
        cluster.status === 'DELETED'
          ? []
          : clusterManifests(cluster, await listGpuTypes(deps.table), deps.isolation);
      return c.json({ apiVersion: 'v1' as const, kind: 'List' as const, items }, 200);
    },
  );
}
