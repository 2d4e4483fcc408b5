import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { invitationStatus, type Invitation } from '../../../shared/domain/invitation';
import {
  acceptInvitation,
  invite,
  revokeInvitation,
} from '../../../shared/services/invitation-service';
import { listInvitations } from '../../../shared/store/invitation-store';
import type { ApiDependencies, ApiEnv } from '../env';
import { anonymousContext, auditContext } from '../middleware/request-context';
import { authErrors, commonErrors, guarded, jsonBody, jsonContent, pick } from '../openapi';
import {
  AccountSchema,
  Email,
  PageQuery,
  pageOf,
  Password,
  PersonName,
  RoleName,
  TokensSchema,
} from '../schemas';

const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.string(),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    invitedBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    acceptedAt: z.string().optional(),
    accountId: z.string().optional(),
    revokedAt: z.string().optional(),
  })
  .openapi('Invitation');

const InvitationCreate = z
  .strictObject({ email: Email, role: RoleName.default('member') })
  .openapi('InvitationCreate');

const AcceptRequest = z
  .strictObject({ name: PersonName, password: Password })
  .openapi('InvitationAccept');

function view(invitation: Invitation, now: Date) {
  const { validUntil, enterpriseId: _e, ...rest } = invitation;
  return { ...rest, expiresAt: validUntil, status: invitationStatus(invitation, now) };
}

export function invitationRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/invitations',
      tags: ['Members'],
      summary: 'Invite someone to the enterprise',
      description:
        'The response carries the invitation token once; it is what an e-mail or an ' +
        'integration hands to the invitee. Valid for 7 days, good for one account.',
      ...guarded(deps, 'members:manage'),
      request: { body: jsonBody(InvitationCreate) },
      responses: {
        201: jsonContent(
          InvitationSchema.extend({ token: z.string() }).openapi('NewInvitation'),
          'The invitation and its token, shown this once.',
        ),
        ...commonErrors,
        ...authErrors,
        ...pick(409, 413, 415),
      },
    }),
    async (c) => {
      const { invitation, token } = await invite(
        deps,
        c.get('principal'),
        c.req.valid('json'),
        auditContext(c),
      );
      return c.json({ ...view(invitation, deps.now()), token }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/invitations',
      tags: ['Members'],
      summary: 'Invitations, pending and past',
      ...guarded(deps, 'members:manage'),
      request: { query: PageQuery },
      responses: {
        200: jsonContent(pageOf(InvitationSchema, 'InvitationPage'), 'The invitations.'),
        ...commonErrors,
        ...authErrors,
      },
    }),
    async (c) => {
      const page = await listInvitations(
        deps.table,
        c.get('principal').enterpriseId,
        c.req.valid('query'),
      );
      const now = deps.now();
      return c.json({ ...page, items: page.items.map((i) => view(i, now)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/invitations/{id}',
      tags: ['Members'],
      summary: 'Revoke an invitation',
      description: 'Its token stops working at once. An accepted invitation gets `409`.',
      ...guarded(deps, 'members:manage'),
      request: { params: z.object({ id: z.string().min(1).max(100) }) },
      responses: { 204: { description: 'Revoked.' }, ...authErrors, ...pick(404, 409) },
    }),
    async (c) => {
      await revokeInvitation(
        deps,
        c.get('principal').enterpriseId,
        c.req.valid('param').id,
        auditContext(c),
      );
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/invitations/{token}/accept',
      tags: ['Members'],
      summary: 'Accept an invitation',
      description:
        'Creates the member account with the invitation’s e-mail and role, and signs it in. ' +
        'A used, revoked or expired invitation gets `410`.',
      'x-permission': 'public',
      request: {
        params: z.object({ token: z.string().min(1).max(256) }),
        body: jsonBody(AcceptRequest),
      },
      responses: {
        201: jsonContent(
          TokensSchema.extend({ account: AccountSchema }).openapi('AcceptedInvitation'),
          'The new member, signed in.',
        ),
        ...commonErrors,
        ...pick(404, 409, 410, 413, 415),
      },
    }),
    async (c) => {
      const { account, tokens } = await acceptInvitation(
        deps,
        c.req.valid('param').token,
        c.req.valid('json'),
        anonymousContext(c),
      );
      return c.json({ ...tokens, account }, 201);
    },
  );
}
