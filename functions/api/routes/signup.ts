import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { signUp } from '../../../shared/services/signup';
import type { ApiDependencies, ApiEnv } from '../env';
import { anonymousContext } from '../middleware/request-context';
import { commonErrors, jsonBody, jsonContent, pick } from '../openapi';
import {
  AccountSchema,
  Email,
  EnterpriseName,
  EnterpriseSchema,
  Password,
  PersonName,
  TokensSchema,
} from '../schemas';

const SignupRequest = z
  .strictObject({
    enterpriseName: EnterpriseName,
    name: PersonName,
    email: Email,
    password: Password,
  })
  .openapi('SignupRequest');

const SignupResponse = z
  .object({ enterprise: EnterpriseSchema, account: AccountSchema })
  .extend(TokensSchema.shape)
  .openapi('SignupResponse');

const signupRoute = createRoute({
  method: 'post',
  path: '/v1/signup',
  tags: ['Identity'],
  summary: 'Sign up an enterprise',
  description:
    'Creates an enterprise and its administrator, and signs the administrator in. The e-mail ' +
    'address is unique across the service, compared without regard to case.',
  'x-permission': 'public',
  request: { body: jsonBody(SignupRequest) },
  responses: {
    201: jsonContent(SignupResponse, 'The enterprise, its administrator and their tokens.'),
    ...commonErrors,
    ...pick(409, 413, 415, 429),
  },
});

export function signupRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(signupRoute, async (c) => {
    const result = await signUp(deps, c.req.valid('json'), anonymousContext(c));
    c.header('location', '/v1/enterprise');
    return c.json(
      { enterprise: result.enterprise, account: result.account, ...result.tokens },
      201,
    );
  });
}
