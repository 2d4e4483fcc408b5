import type { Context, MiddlewareHandler } from 'hono';
import { forbidden, unauthenticated } from '../../../shared/domain/errors';
import type { Permission } from '../../../shared/domain/permissions';
import { permissionsOf, type Principal } from '../../../shared/services/access';
import { isApiKey, principalOfApiKey } from '../../../shared/services/api-key-service';
import { getAccountAndSession } from '../../../shared/store/account-store';
import type { ItemKey } from '../../../shared/store/keys';
import { isLive } from '../../../shared/store/session-store';
import { withReadAhead, type Table } from '../../../shared/store/table';
import type { ApiDependencies, ApiEnv } from '../env';

const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Verifies the bearer credential (an access token or an API key) and loads what it names afresh.
 * The enterprise of every later step comes from here, never from the path or body.
 */
export function authenticate(
  deps: ApiDependencies,
  readAhead?: ReadAhead,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const match = bearer.exec(c.req.header('authorization') ?? '');
    if (!match) throw unauthenticated();
    const credential = match[1]!;

    const { principal, table } = isApiKey(credential)
      ? { principal: await principalOfApiKey(deps, credential), table: deps.table }
      : await principalOfAccessToken(deps, credential, (who) => readAhead?.(c, who) ?? []);
    c.set('principal', principal);
    c.set('table', table);
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

/**
 * The items a route will read, named from the caller's verified enterprise and account: they are
 * fetched in the same round trip as the account and the session.
 */
export type ReadAhead = (
  c: Context<ApiEnv>,
  who: { readonly enterpriseId: string; readonly accountId: string },
) => ItemKey[];

async function principalOfAccessToken(
  deps: ApiDependencies,
  token: string,
  readAhead: (who: { enterpriseId: string; accountId: string }) => ItemKey[],
): Promise<{ principal: Principal; table: Table }> {
  const claims = await deps.tokens.verifyAccessToken(token);
  const { account, session, items } = await getAccountAndSession(
    deps.table,
    claims.enterpriseId,
    claims.accountId,
    claims.sessionId,
    readAhead(claims),
  );
  if (!account || account.status !== 'active') throw unauthenticated('The account is disabled.');
  if (!isLive(session, deps.now()) || session.accountId !== account.id) {
    throw unauthenticated('The session has ended; sign in again.');
  }
  const principal: Principal = {
    enterpriseId: account.enterpriseId,
    accountId: account.id,
    role: account.role,
    permissions: await permissionsOf(deps, account),
    sessionId: session.id,
  };
  return { principal, table: withReadAhead(deps.table, items) };
}

export function requirePermission(permission: Permission): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!c.get('principal').permissions.has(permission)) throw forbidden(permission);
    await next();
  };
}
