import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { refreshSession, signIn, signOut } from '../../../shared/services/sessions';
import type { ApiDependencies, ApiEnv } from '../env';
import { anonymousContext, auditContext } from '../middleware/request-context';
import { authErrors, commonErrors, guarded, jsonBody, jsonContent, pick } from '../openapi';
import { AccountSchema, Email, TokensSchema } from '../schemas';

const SignInRequest = z
  .strictObject({ email: Email, password: z.string().min(1).max(256) })
  .openapi('SignInRequest');

const RefreshRequest = z
  .strictObject({ refreshToken: z.string().min(1).max(512) })
  .openapi('RefreshRequest');

const signInRoute = createRoute({
  method: 'post',
  path: '/v1/sessions',
  tags: ['Identity'],
  summary: 'Sign in',
  description: 'A wrong password and an unknown e-mail get the same answer, after the same time.',
  'x-permission': 'public',
  request: { body: jsonBody(SignInRequest) },
  responses: {
    201: jsonContent(TokensSchema.extend({ account: AccountSchema }), 'A new session.'),
    ...commonErrors,
    401: authErrors[401],
    ...pick(413, 415, 429),
  },
});

const refreshRoute = createRoute({
  method: 'post',
  path: '/v1/sessions/refresh',
  tags: ['Identity'],
  summary: 'Exchange a refresh token for a new pair',
  description:
    'Refresh tokens rotate: each is good for one exchange. Presenting one that was already ' +
    'exchanged is refused and ends the session.',
  'x-permission': 'public',
  request: { body: jsonBody(RefreshRequest) },
  responses: {
    200: jsonContent(TokensSchema, 'The new pair.'),
    ...commonErrors,
    401: authErrors[401],
    ...pick(413, 415),
  },
});

export function sessionRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(signInRoute, async (c) => {
    const { account, tokens } = await signIn(deps, c.req.valid('json'), anonymousContext(c));
    return c.json({ ...tokens, account }, 201);
  });

  app.openapi(refreshRoute, async (c) => {
    const tokens = await refreshSession(
      deps,
      c.req.valid('json').refreshToken,
      anonymousContext(c),
    );
    return c.json(tokens, 200);
  });

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/sessions/current',
      tags: ['Identity'],
      summary: 'Sign out',
      description:
        'Ends the session: its refresh token and its access tokens stop working at once.',
      ...guarded(deps),
      responses: { 204: { description: 'Signed out.' }, ...authErrors },
    }),
    async (c) => {
      const principal = c.get('principal');
      if (principal.sessionId) {
        await signOut(
          deps,
          principal.enterpriseId,
          principal.accountId,
          principal.sessionId,
          auditContext(c),
        );
      }
      return c.body(null, 204);
    },
  );
}
