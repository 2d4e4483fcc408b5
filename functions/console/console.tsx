import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError } from '../../shared/domain/errors';
import { problemCatalogue, toDomainError } from '../api/problem';
import type { ApiDependencies, ApiEnv } from '../api/env';
import { CONSOLE_CSS, CONSOLE_JS } from './assets';
import { csrfProtection } from './csrf-token';
import type { ConsoleEnv } from './env';
import { inProcessApi } from './in-process-api';
import { Layout, ProblemBox } from './layout';
import { apiKeyPages } from './pages/api-keys';
import { auditPage } from './pages/audit';
import { authPages } from './pages/auth';
import { clusterAccessPages } from './pages/cluster-access';
import { clusterPages } from './pages/clusters';
import { dashboardPage } from './pages/dashboard';
import { memberPages } from './pages/members';
import { rolePages } from './pages/roles';
import { webhookPages } from './pages/webhooks';
import { pageStatus } from './problems';
import { SessionCookies } from './session-cookies';

/**
 * Nothing inline runs: scripts and styles come from this app's own files; forms post only here;
 * no other site may frame the console.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The web console under `/console`: pages rendered on the server with `hono/jsx`, every one of
 * them a client of the public API (called in-process), so the console holds no business rule.
 */
export function consoleRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  const cookies = new SessionCookies(deps.runtime === 'aws');
  const ui = new Hono<ConsoleEnv>();

  ui.use(async (c, next) => {
    await next();
    c.header('content-security-policy', CONTENT_SECURITY_POLICY);
    c.header('cache-control', 'no-store');
  });
  ui.get('/assets/console.css', (c) =>
    c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }),
  );
  ui.get('/assets/console.js', (c) =>
    c.body(CONSOLE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );

  ui.use(csrfProtection(cookies));
  ui.use(async (c, next) => {
    c.set(
      'api',
      inProcessApi(c, (request, env) => app.fetch(request, env), cookies),
    );
    await next();
  });
  authPages(ui, cookies);

  ui.use(signedIn);
  dashboardPage(ui);
  clusterAccessPages(ui);
  clusterPages(ui);
  memberPages(ui);
  rolePages(ui);
  apiKeyPages(ui);
  webhookPages(ui);
  auditPage(ui);

  ui.notFound((c) =>
    c.html(
      <Layout title="Not found" who={c.get('who')} csrfToken={c.get('csrfToken') ?? ''}>
        <p>There is no such page.</p>
      </Layout>,
      404,
    ),
  );
  ui.onError((err, c) => {
    const error =
      err instanceof HTTPException && err.status === 403 ? crossSiteForm() : toDomainError(err);
    if (error.code === 'internal') c.get('logger').error('console page failed', { error: err });
    const { status, title } = problemCatalogue[error.code];
    return c.html(
      <Layout title={title} who={c.get('who')} csrfToken={c.get('csrfToken') ?? ''}>
        <ProblemBox problem={{ title, detail: error.message }} />
      </Layout>,
      pageStatus(status),
    );
  });

  app.route('/console', ui as unknown as Hono<ApiEnv>);
}

/** Pages registered after this need a session; without one the browser is sent to sign in and back. */
const signedIn: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  const { data } = await c.get('api').GET('/v1/me');
  if (!data) return c.redirect(`/console/signin?next=${encodeURIComponent(c.req.path)}`, 303);
  c.set('who', {
    email: data.account.email,
    enterprise: data.enterprise.name,
    permissions: data.permissions,
  });
  await next();
};

/** `hono/csrf` refuses a post from another origin with a bare 403. */
const crossSiteForm = () =>
  new DomainError(
    'forbidden',
    'The form did not come from this site. Reload the page and try again.',
  );
