import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { handOverAdministrator } from '../../../shared/services/administrator-service';
import { changeMemberRole, removeMember } from '../../../shared/services/member-service';
import { getAccount, toAccount } from '../../../shared/store/account-store';
import { listMembers } from '../../../shared/store/member-store';
import type { ApiDependencies, ApiEnv } from '../env';
import { etagOf } from '../etag';
import { auditContext } from '../middleware/request-context';
import { authErrors, commonErrors, guarded, jsonBody, jsonContent, pick } from '../openapi';
import { AccountSchema, EnterpriseSchema, PageQuery, pageOf, RoleName } from '../schemas';

const IdParam = z.object({ id: z.string().min(1).max(100) });

const MemberPatch = z.strictObject({ role: RoleName }).openapi('MemberPatch');

const HandOver = z
  .strictObject({ accountId: z.string().min(1).max(100) })
  .openapi('AdministratorHandOver');

export function memberRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/members',
      tags: ['Members'],
      summary: 'The members of the enterprise',
      description: 'Removed members stay listed, `disabled`, with the time of their removal.',
      ...guarded(deps, 'members:read'),
      request: { query: PageQuery },
      responses: {
        200: jsonContent(pageOf(AccountSchema, 'MemberPage'), 'A page of members.'),
        ...commonErrors,
        ...authErrors,
      },
    }),
    async (c) => {
      const page = await listMembers(
        deps.table,
        c.get('principal').enterpriseId,
        c.req.valid('query'),
      );
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/members/{id}',
      tags: ['Members'],
      summary: 'One member',
      ...guarded(deps, 'members:read'),
      request: { params: IdParam },
      responses: { 200: jsonContent(AccountSchema, 'The member.'), ...authErrors, ...pick(404) },
    }),
    async (c) => {
      const member = await getAccount(
        deps.table,
        c.get('principal').enterpriseId,
        c.req.valid('param').id,
      );
      c.header('etag', etagOf(member.version));
      return c.json(toAccount(member), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/members/{id}',
      tags: ['Members'],
      summary: 'Give a member another role',
      description:
        'Applies from the member’s next request. The administrator role is not given here ' +
        '(see `PUT /v1/enterprise/administrator`), and the administrator’s role is not changed.',
      ...guarded(deps, 'members:manage'),
      request: { params: IdParam, body: jsonBody(MemberPatch) },
      responses: {
        200: jsonContent(AccountSchema, 'The member with its new role.'),
        ...commonErrors,
        ...authErrors,
        ...pick(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const member = await changeMemberRole(
        deps,
        c.get('principal'),
        c.req.valid('param').id,
        c.req.valid('json').role,
        auditContext(c),
      );
      c.header('etag', etagOf(member.version));
      return c.json(member, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/members/{id}',
      tags: ['Members'],
      summary: 'Remove a member',
      description:
        'Disables the account at once: its access tokens, refresh tokens and API keys stop ' +
        'working at the next request. The account stays, disabled, in the audit log’s history.',
      ...guarded(deps, 'members:manage'),
      request: { params: IdParam },
      responses: { 204: { description: 'Removed.' }, ...authErrors, ...pick(404, 409) },
    }),
    async (c) => {
      await removeMember(deps, c.get('principal'), c.req.valid('param').id, auditContext(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/enterprise/administrator',
      tags: ['Members'],
      summary: 'Hand the administrator role to a member',
      description:
        'Only the administrator can. The former administrator becomes a `member`. Of concurrent ' +
        'hand-overs exactly one succeeds; the others get `409`.',
      ...guarded(deps, 'administrator:transfer'),
      request: { body: jsonBody(HandOver) },
      responses: {
        200: jsonContent(EnterpriseSchema, 'The enterprise with its new administrator.'),
        ...commonErrors,
        ...authErrors,
        ...pick(404, 409, 413, 415),
      },
    }),
    async (c) => {
      const enterprise = await handOverAdministrator(
        deps,
        c.get('principal'),
        c.req.valid('json').accountId,
        auditContext(c),
      );
      c.header('etag', etagOf(enterprise.version));
      return c.json(enterprise, 200);
    },
  );
}
