import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  redefineRole,
  createRole,
  deleteRole,
  describeRole,
  listAllRoles,
} from '../../../shared/services/role-service';
import type { ApiDependencies, ApiEnv } from '../env';
import { etagOf, versionFromIfMatch } from '../etag';
import { idempotent } from '../middleware/idempotency';
import { auditContext } from '../middleware/request-context';
import { authErrors, commonErrors, guarded, jsonBody, jsonContent, pick } from '../openapi';
import { PageQuery, pageOf, PermissionName, RoleName } from '../schemas';

const RoleSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    permissions: z.array(z.string()).readonly(),
    builtIn: z.boolean(),
    holders: z.number().int().optional().openapi({ description: 'Accounts holding the role.' }),
    version: z.number().int().optional(),
  })
  .openapi('Role');

const Description = z.string().trim().max(500);
const Permissions = z.array(PermissionName).max(64);

const RoleCreate = z
  .strictObject({ name: RoleName, description: Description.default(''), permissions: Permissions })
  .openapi('RoleCreate');

const RoleReplace = z
  .strictObject({ description: Description.default(''), permissions: Permissions })
  .openapi('RoleReplace');

const NameParam = z.object({ name: z.string().min(1).max(100) });

export function roleRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/roles',
      tags: ['Access'],
      summary: 'Built-in and custom roles',
      ...guarded(deps, 'members:read'),
      request: { query: PageQuery },
      responses: {
        200: jsonContent(pageOf(RoleSchema, 'RolePage'), 'The roles.'),
        ...commonErrors,
        ...authErrors,
      },
    }),
    async (c) => {
      const page = await listAllRoles(deps, c.get('principal').enterpriseId, c.req.valid('query'));
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/roles',
      tags: ['Access'],
      summary: 'Define a custom role',
      description: 'A role can name only permissions the caller holds. Accepts `Idempotency-Key`.',
      ...guarded(deps, 'roles:manage'),
      middleware: [...guarded(deps, 'roles:manage').middleware, idempotent(deps)],
      request: { body: jsonBody(RoleCreate) },
      responses: {
        201: jsonContent(RoleSchema, 'The new role.'),
        ...commonErrors,
        ...authErrors,
        ...pick(409, 413, 415),
      },
    }),
    async (c) => {
      const role = await createRole(deps, c.get('principal'), c.req.valid('json'), auditContext(c));
      c.header('location', `/v1/roles/${role.name}`);
      if (role.version !== undefined) c.header('etag', etagOf(role.version));
      return c.json(role, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/roles/{name}',
      tags: ['Access'],
      summary: 'One role',
      ...guarded(deps, 'members:read'),
      request: { params: NameParam },
      responses: {
        200: jsonContent(RoleSchema, 'The role.'),
        ...authErrors,
        ...pick(404),
      },
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      const role = await describeRole(deps, c.get('principal').enterpriseId, name);
      if (role.version !== undefined) c.header('etag', etagOf(role.version));
      return c.json(role, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/roles/{name}',
      tags: ['Access'],
      summary: 'Change a custom role',
      description:
        'Replaces the description and permissions. Members holding the role have the new ' +
        'permissions from their next request. Built-in roles cannot be changed (`409`).',
      ...guarded(deps, 'roles:manage'),
      request: {
        params: NameParam,
        headers: z.object({ 'if-match': z.string().max(100).optional() }),
        body: jsonBody(RoleReplace),
      },
      responses: {
        200: jsonContent(RoleSchema, 'The changed role.'),
        ...commonErrors,
        ...authErrors,
        ...pick(404, 409, 412, 413, 415),
      },
    }),
    async (c) => {
      const role = await redefineRole(
        deps,
        c.get('principal'),
        c.req.valid('param').name,
        c.req.valid('json'),
        versionFromIfMatch(c.req.header('if-match')),
        auditContext(c),
      );
      if (role.version !== undefined) c.header('etag', etagOf(role.version));
      return c.json(role, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/roles/{name}',
      tags: ['Access'],
      summary: 'Delete a custom role',
      description: 'Refused with `409` while any member holds the role.',
      ...guarded(deps, 'roles:manage'),
      request: { params: NameParam },
      responses: {
        204: { description: 'Deleted.' },
        ...authErrors,
        ...pick(404, 409),
      },
    }),
    async (c) => {
      await deleteRole(deps, c.get('principal'), c.req.valid('param').name, auditContext(c));
      return c.body(null, 204);
    },
  );
}
