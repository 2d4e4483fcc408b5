import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { DomainError, unauthenticated } from '../../../shared/domain/errors';
import type { RequestContext } from '../../../shared/domain/request-context';
import type { ApiDependencies, ApiEnv } from '../env';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Platform operator routes take the operator token, not an enterprise's credentials. Digests of
 * equal length are compared in constant time, so the comparison tells nothing about the token.
 */
export function operatorOnly(deps: ApiDependencies): MiddlewareHandler<ApiEnv> {
  const expected = digest(deps.operatorToken);
  return async (c, next) => {
    const match = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '');
    if (!match) throw unauthenticated('The platform operator token is required.');
    if (!timingSafeEqual(digest(match[1]!), expected)) {
      throw new DomainError('forbidden', 'This route is for the platform operator.', {
        details: { permission: 'platform:operate' },
      });
    }
    c.set('logger', c.get('logger').child({ actor: 'operator' }));
    await next();
  };
}

export function operatorContext(c: Context<ApiEnv>): RequestContext {
  return {
    requestId: c.get('requestId'),
    sourceIp: c.get('sourceIp'),
    actor: { kind: 'operator' },
  };
}
