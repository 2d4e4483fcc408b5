import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  createCluster,
  deleteCluster,
  updateClusterLimits,
} from '../../../shared/services/cluster-service';
import { listVisibleClusters, reachCluster } from '../../../shared/services/cluster-access';
import { clusterView } from '../../../shared/services/cluster-view';
import { grantKeys } from '../../../shared/store/access-grant-store';
import { clusterKeys } from '../../../shared/store/cluster-store';
import type { ApiDependencies, ApiEnv } from '../env';
import type { ReadAhead } from '../middleware/authenticate';
import { idempotent } from '../middleware/idempotency';
import { auditContext } from '../middleware/request-context';
import { authErrors, commonErrors, guarded, jsonBody, jsonContent, pick } from '../openapi';
import { ClusterName, ClusterSchema, GpuCountsSchema, PageQuery } from '../schemas-gpu';

const CreateClusterBody = z
  .strictObject({ name: ClusterName, gpuLimits: GpuCountsSchema })
  .openapi('CreateVirtualCluster');
const UpdateClusterBody = z
  .strictObject({ gpuLimits: GpuCountsSchema })
  .openapi('UpdateVirtualCluster');

const clusterParams = z.object({ id: z.string().max(64) });
/**
 * The cluster and the caller's grant on it, read in the same round trip as the caller's account
 * and session: the hottest read of the API then costs one DynamoDB call.
 */
const readClusterAhead: ReadAhead = (c, who) => {
  const id = c.req.param('id');
  if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return [];
  return [
    clusterKeys.cluster(who.enterpriseId, id),
    grantKeys.grant(who.enterpriseId, id, who.accountId),
  ];
};

const locationHeader = {
  Location: {
    description: 'The cluster, to poll for its status.',
    schema: { type: 'string' as const },
  },
};
const accepted = (description: string) => ({
  ...jsonContent(ClusterSchema, description),
  headers: locationHeader,
});

export function clusterRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  const creating = guarded(deps, 'clusters:create');
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/clusters',
      tags: ['Virtual clusters'],
      summary: 'Request a virtual cluster',
      description:
        'Reserves the GPUs against the enterprise’s parallelism limit and starts provisioning. ' +
        'The answer is `202`: poll the `Location` until the status is `READY` (or `FAILED`, ' +
        'with a `statusReason`). Over a limit, `409 quota-exceeded` names the limit, what is ' +
        'reserved and what was asked. With an `Idempotency-Key`, a retry with the same key and ' +
        'body gets the first answer again; the same key with another body gets `422`.',
      ...creating,
      middleware: [...creating.middleware, idempotent(deps)],
      request: {
        headers: z.object({ 'idempotency-key': z.string().max(255).optional() }),
        body: jsonBody(CreateClusterBody),
      },
      responses: {
        202: accepted('The cluster, PROVISIONING.'),
        ...commonErrors,
        ...authErrors,
        ...pick(409, 413, 415),
      },
    }),
    async (c) => {
      const cluster = await createCluster(
        deps,
        c.get('principal').enterpriseId,
        c.req.valid('json'),
        auditContext(c),
      );
      c.header('location', `/v1/clusters/${cluster.id}`);
      return c.json(clusterView(cluster), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/clusters',
      tags: ['Virtual clusters'],
      summary: 'The enterprise’s virtual clusters',
      description:
        'Every cluster with `clusters:read`; otherwise the clusters granted to the caller, in ' +
        'one page.',
      ...guarded(deps),
      request: { query: PageQuery },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ClusterSchema), nextCursor: z.string().optional() }),
          'A page of clusters; pass `nextCursor` as `cursor` for the next.',
        ),
        ...commonErrors,
        ...authErrors,
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = await listVisibleClusters(deps, c.get('principal'), limit, cursor);
      return c.json({ items: page.items.map(clusterView), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/clusters/{id}',
      tags: ['Virtual clusters'],
      summary: 'One virtual cluster',
      description: 'Needs `clusters:read` or a grant on the cluster; otherwise `404`.',
      ...guarded(deps, undefined, readClusterAhead),
      request: { params: clusterParams },
      responses: {
        200: jsonContent(ClusterSchema, 'The cluster.'),
        ...authErrors,
        ...pick(404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { cluster } = await reachCluster({ table: c.get('table') }, c.get('principal'), id);
      return c.json(clusterView(cluster), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/clusters/{id}',
      tags: ['Virtual clusters'],
      summary: 'Change a virtual cluster’s GPU limits',
      description:
        'Growth is reserved at once; what shrinks is released when the workflow has applied it. ' +
        'A cluster that is busy with another change gets `409 conflict`.',
      ...guarded(deps, 'clusters:update'),
      request: { params: clusterParams, body: jsonBody(UpdateClusterBody) },
      responses: {
        202: accepted('The cluster, UPDATING.'),
        ...commonErrors,
        ...authErrors,
        ...pick(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const cluster = await updateClusterLimits(
        deps,
        c.get('principal').enterpriseId,
        c.req.valid('param').id,
        c.req.valid('json').gpuLimits,
        auditContext(c),
      );
      c.header('location', `/v1/clusters/${cluster.id}`);
      return c.json(clusterView(cluster), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/clusters/{id}',
      tags: ['Virtual clusters'],
      summary: 'Delete a virtual cluster',
      description: 'Removes the namespace and everything in it, then gives the GPUs back.',
      ...guarded(deps, 'clusters:delete'),
      request: { params: clusterParams },
      responses: {
        202: accepted('The cluster, DELETING.'),
        ...authErrors,
        ...pick(404, 409),
      },
    }),
    async (c) => {
      const cluster = await deleteCluster(
        deps,
        c.get('principal').enterpriseId,
        c.req.valid('param').id,
        auditContext(c),
      );
      c.header('location', `/v1/clusters/${cluster.id}`);
      return c.json(clusterView(cluster), 202);
    },
  );
}
