import { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { ZodError } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import { consoleRoutes } from '../console/console';
import type { ApiDependencies, ApiEnv } from './env';
import { requestContext } from './middleware/request-context';
import { problemResponse, toDomainError } from './problem';
import { clusterAccessRoutes } from './routes/cluster-access';
import { clusterRoutes } from './routes/clusters';
import { apiKeyRoutes } from './routes/api-keys';
import { auditRoutes } from './routes/audit';
import { enterpriseRoutes } from './routes/enterprise';
import { gpuTypeRoutes } from './routes/gpu-types';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { invitationRoutes } from './routes/invitations';
import { memberRoutes } from './routes/members';
import { meRoutes } from './routes/me';
import { platformRoutes } from './routes/platform';
import { permissionRoutes } from './routes/permissions';
import { roleRoutes } from './routes/roles';
import { serviceExportRoutes } from './routes/service-exports';
import { sessionRoutes } from './routes/sessions';
import { signupRoutes } from './routes/signup';
import { usageRoutes } from './routes/usage';
import { webhookRoutes } from './routes/webhooks';
import { wellKnownRoutes } from './routes/well-known';

export const MAX_BODY_BYTES = 64 * 1024;

/** The head of the OpenAPI document, served at `/openapi.json` and written by `npm run api:types`. */
export const OPENAPI_CONFIG = {
  openapi: '3.1.0',
  info: {
    title: 'VKS control plane',
    version: '1.0.0',
    description:
      'The API of the Virtual Kubernetes Service: enterprises, members, virtual clusters with ' +
      'GPU limits, and the integrations around them. Every error is `application/problem+json`.',
  },
  servers: [{ url: '/' }],
};

/** The Hono app both runtimes serve: `@hono/node-server` locally, `hono/aws-lambda` in AWS. */
export function createApp(deps: ApiDependencies): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: rejectInvalid });

  app.use(requestContext(deps));
  app.use(secureHeaders({ crossOriginResourcePolicy: 'same-origin' }));
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new DomainError(
          'payload-too-large',
          `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
        );
      },
    }),
  );

  healthRoutes(app, deps);
  wellKnownRoutes(app, deps);
  signupRoutes(app, deps);
  sessionRoutes(app, deps);
  meRoutes(app, deps);
  enterpriseRoutes(app, deps);
  gpuTypeRoutes(app, deps);
  platformRoutes(app, deps);
  usageRoutes(app, deps);
  clusterRoutes(app, deps);
  clusterAccessRoutes(app, deps);
  serviceExportRoutes(app, deps);
  permissionRoutes(app, deps);
  roleRoutes(app, deps);
  invitationRoutes(app, deps);
  memberRoutes(app, deps);
  apiKeyRoutes(app, deps);
  auditRoutes(app, deps);
  eventRoutes(app, deps);
  webhookRoutes(app, deps);
  consoleRoutes(app, deps);

  documentation(app);
  app.notFound((c) =>
    problemResponse(c, new DomainError('not-found', `No route for ${c.req.method} ${c.req.path}.`)),
  );
  app.onError((err, c) => {
    const error = toDomainError(err);
    if (error.code === 'internal') c.get('logger').error('request failed', { error: err });
    return problemResponse(c, error);
  });
  return app;
}

function rejectInvalid(result: { success: boolean; error?: ZodError; target: string }): void {
  if (result.success || !result.error) return;
  const prefix = result.target === 'json' ? [] : [result.target];
  const fields = result.error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    // An unknown field is named itself, so that a client sees which one to drop.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...path, key].join('.'),
        message: 'This field is not allowed.',
      }));
    }
    return [{ field: path.join('.') || '(body)', message: issue.message }];
  });
  throw new DomainError('validation-failed', 'The request failed validation.', { fields });
}

function documentation(app: OpenAPIHono<ApiEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An access token from `POST /v1/sessions`, or an API key.',
  });
  app.doc31('/openapi.json', OPENAPI_CONFIG);
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'VKS API reference' }));
}
