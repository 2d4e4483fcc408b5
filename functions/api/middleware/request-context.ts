import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { embeddedMetrics } from '../../../shared/logging/metrics';
import { newId } from '../../../shared/domain/ids';
import type { RequestContext } from '../../../shared/domain/request-context';
import type { ApiDependencies, ApiEnv } from '../env';
import type { Context } from 'hono';

const clientRequestId = /^[A-Za-z0-9._-]{8,128}$/;

/** Gives each request an id, a logger that carries it, and one access-log line when it ends. */
export function requestContext(deps: ApiDependencies): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now();
    const offered = c.req.header('x-request-id');
    const requestId = offered && clientRequestId.test(offered) ? offered : newId('req');
    c.set('requestId', requestId);
    c.set('sourceIp', deps.sourceIp(c));
    c.set('logger', deps.logger.child({ requestId }));

    await next();

    c.header('x-request-id', requestId);
    const principal = c.get('principal');
    const status = c.res.status;
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const route = `${c.req.method} ${routeTemplate(c)}`;
    c.get('logger').info('request completed', {
      method: c.req.method,
      path: c.req.path,
      route,
      status,
      durationMs,
      enterpriseId: principal?.enterpriseId,
      accountId: principal?.accountId,
      // In AWS the access line doubles as the route's metrics (embedded metric format).
      ...(deps.runtime === 'aws'
        ? embeddedMetrics(
            { Route: route },
            {
              Requests: { value: 1, unit: 'Count' },
              Latency: { value: durationMs, unit: 'Milliseconds' },
              ClientErrors: { value: status >= 400 && status < 500 ? 1 : 0, unit: 'Count' },
              ServerErrors: { value: status >= 500 ? 1 : 0, unit: 'Count' },
            },
          )
        : {}),
    });
  };
}

/** The route as registered (`/v1/clusters/:id`), so that metrics have one series per route. */
function routeTemplate(c: Context<ApiEnv>): string {
  const template = routePath(c, -1);
  return template === '*' || template === '/*' ? 'unmatched' : template;
}

/** The request's context for the audit log, acting as the signed-in principal. */
export function auditContext(c: Context<ApiEnv>): RequestContext {
  const principal = c.get('principal');
  return {
    requestId: c.get('requestId'),
    sourceIp: c.get('sourceIp'),
    actor: principal.apiKeyId
      ? { kind: 'api-key', id: principal.apiKeyId, accountId: principal.accountId }
      : { kind: 'account', id: principal.accountId },
  };
}

/** The context of a request made before anyone is signed in (sign-up, sign-in). */
export function anonymousContext(c: Context<ApiEnv>): RequestContext {
  return { requestId: c.get('requestId'), sourceIp: c.get('sourceIp'), actor: { kind: 'system' } };
}
