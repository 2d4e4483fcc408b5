import type { Context } from 'hono';
import createClient from 'openapi-fetch';
import type { paths } from '../api/generated/schema';
import type { ConsoleApi, ConsoleEnv } from './env';
import type { SessionCookies } from './session-cookies';

const ANONYMOUS_PATHS = new Set(['/v1/sessions', '/v1/signup', '/v1/sessions/refresh']);

type Fetch = (request: Request, env: unknown) => Response | Promise<Response>;

/**
 * The public API as the console uses it: the same app, called in-process, with the signed-in
 * person's access token, so that every rule (validation, permissions, limits) is the API's own.
 * The runtime's bindings are passed on, so the API sees the browser's address for rate limits and
 * the audit log. An expired access token is exchanged once with the refresh cookie.
 */
export function inProcessApi(
  c: Context<ConsoleEnv>,
  appFetch: Fetch,
  cookies: SessionCookies,
): ConsoleApi {
  const origin = new URL(c.req.url).origin;
  let tokens = cookies.read(c);

  const send = (request: Request, token: string | undefined) => {
    request.headers.set('x-request-id', c.get('requestId'));
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return appFetch(request, c.env);
  };

  const refresh = async (): Promise<boolean> => {
    if (!tokens.refreshToken) return false;
    const response = await send(
      new Request(`${origin}/v1/sessions/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: tokens.refreshToken }),
      }),
      undefined,
    );
    if (!response.ok) {
      cookies.clear(c);
      return false;
    }
    const fresh = (await response.json()) as {
      accessToken: string;
      refreshToken: string;
      expiresIn: number;
    };
    cookies.write(c, fresh);
    tokens = fresh;
    return true;
  };

  const fetchWithSession = async (request: Request): Promise<Response> => {
    const retry = request.clone();
    const response = await send(request, tokens.accessToken);
    // A refused sign-in is a wrong password, not an expired token: it is never retried.
    if (ANONYMOUS_PATHS.has(new URL(request.url).pathname)) return response;
    if (response.status !== 401 || !(await refresh())) return response;
    return send(retry, tokens.accessToken);
  };

  return createClient<paths>({ baseUrl: origin, fetch: fetchWithSession });
}
