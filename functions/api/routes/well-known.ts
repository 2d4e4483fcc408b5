import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDependencies, ApiEnv } from '../env';
import { jsonContent } from '../openapi';

const Jwks = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .openapi('JsonWebKeySet');
const Discovery = z.record(z.string(), z.unknown()).openapi('OpenIdConfiguration');

/**
 * The signing keys and the OpenID discovery document, so that third parties (and the EKS cluster,
 * as an OIDC identity provider) can verify the control plane's tokens without asking it.
 */
export function wellKnownRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/.well-known/jwks.json',
      tags: ['Discovery'],
      summary: 'The public signing keys',
      'x-permission': 'public',
      responses: { 200: jsonContent(Jwks, 'The active key and the previous one.') },
    }),
    (c) => {
      c.header('cache-control', 'public, max-age=300');
      return c.json(deps.tokens.publicKeys(), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/.well-known/openid-configuration',
      tags: ['Discovery'],
      summary: 'OpenID Provider metadata',
      'x-permission': 'public',
      responses: { 200: jsonContent(Discovery, 'Discovery document.') },
    }),
    (c) => {
      const issuer = deps.tokens.issuer;
      c.header('cache-control', 'public, max-age=300');
      return c.json(
        {
          issuer,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          token_endpoint: `${issuer}/v1/sessions`,
          response_types_supported: ['id_token'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['EdDSA', 'RS256'],
          claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'ent', 'groups'],
        },
        200,
      );
    },
  );
}
