import type { MiddlewareHandler } from 'hono';
import { forbidden, unauthenticated } from '../../../shared/domain/errors';
import type { Permission } from '../../../shared/domain/permissions';
import { permissionsOf, type Principal } from '../../../shared/services/access';
import { isApiKey, principalOfApiKey } from '../../../shared/services/api-key-service';
import { getAccountAndSession } from '../../../shared/store/account-store';
import { isLive } from '../../../shared/store/session-store';
import type { ApiDependencies, ApiEnv } from '../env';

const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Verifies the bearer credential (an access token or an API key) and loads what it names afresh.
 * The enterprise of every later step comes from here, never from the path or body.
 */
export function authenticate(deps: ApiDependencies): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const match = bearer.exec(c.req.header('authorization') ?? '');
    if (!match) throw unauthenticated();
    const credential = match[1]!;

    const principal = isApiKey(credential)
      ? await principalOfApiKey(deps, credential)
      : await principalOfAccessToken(deps, credential);
    c.set('principal', principal);
    c.set(
      'logger',
      c.get('logger').child({
        enterpriseId: principal.enterpriseId,
        accountId: principal.accountId,
        ...(principal.apiKeyId ? { keyId: principal.apiKeyId } : {}),
      }),
    );
    await next();
  };
}

async function principalOfAccessToken(deps: ApiDependencies, token: string): Promise<Principal> {
  const claims = await deps.tokens.verifyAccessToken(token);
  const { account, session } = await getAccountAndSession(
    deps.table,
    claims.enterpriseId,
    claims.accountId,
    claims.sessionId,
  );
  if (!account || account.status !== 'active') throw unauthenticated('The account is disabled.');
  if (!isLive(session, deps.now()) || session.accountId !== account.id) {
    throw unauthenticated('The session has ended; sign in again.');
  }
  return {
    enterpriseId: account.enterpriseId,
    accountId: account.id,
    role: account.role,
    permissions: await permissionsOf(deps, account),
    sessionId: session.id,
  };
}

export function requirePermission(permission: Permission): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!c.get('principal').permissions.has(permission)) throw forbidden(permission);
    await next();
  };
}
