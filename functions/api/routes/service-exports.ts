import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  EXPORT_NAME_PATTERN,
  ExportPhases,
  ExportProtocols,
  SERVICE_NAME_PATTERN,
} from '../../../shared/domain/service-export';
import {
  createExport,
  deleteExport,
  getClusterExport,
  listClusterExports,
} from '../../../shared/services/service-export-service';
import { exportView } from '../../../shared/services/service-export-view';
import type { ApiDependencies, ApiEnv } from '../env';
import { idempotent } from '../middleware/idempotency';
import { auditContext } from '../middleware/request-context';
import { authErrors, commonErrors, guarded, jsonBody, jsonContent, pick } from '../openapi';
import { PageQuery } from '../schemas-gpu';

const CreateExportBody = z
  .strictObject({
    name: z
      .string()
      .regex(EXPORT_NAME_PATTERN, 'A DNS label of 1 to 30 characters.')
      .openapi({ example: 'web' }),
    service: z
      .string()
      .regex(
        SERVICE_NAME_PATTERN,
        'The name of a Service in the cluster’s namespace: a DNS label, never namespace-qualified.',
      )
      .openapi({ example: 'frontend' }),
    port: z.number().int().min(1).max(65535).openapi({ example: 80 }),
    protocol: z.enum(ExportProtocols).openapi({ example: 'HTTP' }),
  })
  .openapi('CreateServiceExport');

const EndpointSchema = z
  .object({ host: z.string(), port: z.number().int(), url: z.string() })
  .openapi('ServiceExportEndpoint');

const ExportSchema = z
  .object({
    name: z.string(),
    clusterId: z.string(),
    namespace: z.string(),
    service: z.string(),
    port: z.number().int(),
    protocol: z.enum(ExportProtocols),
    origin: z.enum(['api', 'kubectl']),
    phase: z.enum(ExportPhases),
    reason: z.string().nullable(),
    endpoint: EndpointSchema.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .openapi('ServiceExport');

const clusterParams = z.object({ id: z.string().max(64) });
const exportParams = clusterParams.extend({ name: z.string().max(253) });
const location = (clusterId: string, name: string) =>
  `/v1/clusters/${clusterId}/service-exports/${name}`;

export function serviceExportRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  const managing = guarded(deps, 'service-exports:manage');
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/clusters/{id}/service-exports',
      tags: ['Service exports'],
      summary: 'Give a Service of the cluster an external endpoint',
      description:
        'Writes a `ServiceExporter` object into the cluster’s namespace, exactly as ' +
        '`kubectl apply` would, and answers `202` with the export `PENDING`. Poll the ' +
        '`Location` until it is `READY` with an `endpoint`, or `FAILED` with a `reason`. HTTP ' +
        'exports get `https://<name>-<cluster>.<domain>`; TCP exports a network load balancer. ' +
        'Over the platform’s per-cluster limit: `409 limit-exceeded`. The caller also needs ' +
        '`clusters:read` or a grant on the cluster.',
      ...managing,
      middleware: [...managing.middleware, idempotent(deps)],
      request: {
        params: clusterParams,
        headers: z.object({ 'idempotency-key': z.string().max(255).optional() }),
        body: jsonBody(CreateExportBody),
      },
      responses: {
        202: jsonContent(ExportSchema, 'The export, PENDING.'),
        ...commonErrors,
        ...authErrors,
        ...pick(404, 409, 413, 415, 503),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const exp = await createExport(
        deps,
        c.get('principal'),
        id,
        c.req.valid('json'),
        auditContext(c),
      );
      c.header('location', location(exp.clusterId, exp.name));
      return c.json(exportView(exp), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/clusters/{id}/service-exports',
      tags: ['Service exports'],
      summary: 'The cluster’s service exports, those made with kubectl included',
      description: 'Needs `clusters:read` or a grant on the cluster; otherwise `404`.',
      ...guarded(deps),
      request: { params: clusterParams, query: PageQuery },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ExportSchema), nextCursor: z.string().optional() }),
          'A page of exports; pass `nextCursor` as `cursor` for the next.',
        ),
        ...commonErrors,
        ...authErrors,
        ...pick(404),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = await listClusterExports(
        deps,
        c.get('principal'),
        c.req.valid('param').id,
        limit,
        cursor,
      );
      return c.json({ items: page.items.map(exportView), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/clusters/{id}/service-exports/{name}',
      tags: ['Service exports'],
      summary: 'One service export, with its phase and endpoint',
      description: 'Needs `clusters:read` or a grant on the cluster; otherwise `404`.',
      ...guarded(deps),
      request: { params: exportParams },
      responses: {
        200: jsonContent(ExportSchema, 'The export.'),
        ...authErrors,
        ...pick(404),
      },
    }),
    async (c) => {
      const { id, name } = c.req.valid('param');
      return c.json(exportView(await getClusterExport(deps, c.get('principal'), id, name)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/clusters/{id}/service-exports/{name}',
      tags: ['Service exports'],
      summary: 'Remove a service export and its external endpoint',
      description:
        'Deletes the `ServiceExporter` object, as `kubectl delete` would, and answers `202` ' +
        'with the export `DELETING`; it disappears from the list once its exposure is gone.',
      ...managing,
      request: { params: exportParams },
      responses: {
        202: jsonContent(ExportSchema, 'The export, DELETING.'),
        ...authErrors,
        ...pick(404, 409),
      },
    }),
    async (c) => {
      const { id, name } = c.req.valid('param');
      const exp = await deleteExport(deps, c.get('principal'), id, name, auditContext(c));
      c.header('location', location(exp.clusterId, exp.name));
      return c.json(exportView(exp), 202);
    },
  );
}
