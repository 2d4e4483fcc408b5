import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../api/generated/schema';
import { CliError, notSignedIn } from './cli-error';
import type { Credentials, CredentialStore } from './credentials';
import { ExitCode } from './exit-codes';

export type ApiClient = Client<paths>;

/** Refresh this long before the access token expires, so a request never carries a dying one. */
const REFRESH_MARGIN_MS = 30_000;

/** A client without credentials: sign-up and sign-in. */
export function anonymousClient(url: string): ApiClient {
  return createClient<paths>({ baseUrl: url, fetch: reach });
}

/**
 * A client that signs each request with the stored access token (refreshed when near its end, and
 * once more when the server still says 401) or with an API key, which never needs refreshing.
 */
export function signedInClient(store: CredentialStore, credentials: Credentials): ApiClient {
  let current = credentials;

  const bearer = async (force: boolean): Promise<string> => {
    if (current.apiKey) return current.apiKey;
    const fresh =
      !force &&
      current.accessToken &&
      (current.accessTokenExpiresAt ?? 0) > Date.now() + REFRESH_MARGIN_MS;
    if (fresh) return current.accessToken!;
    current = await refreshed(store, current);
    return current.accessToken!;
  };

  const signedFetch = async (request: Request): Promise<Response> => {
    const retry = request.clone();
    request.headers.set('authorization', `Bearer ${await bearer(false)}`);
    const response = await reach(request);
    if (response.status !== 401 || current.apiKey) return response;
    retry.headers.set('authorization', `Bearer ${await bearer(true)}`);
    return reach(retry);
  };

  return createClient<paths>({ baseUrl: credentials.url, fetch: signedFetch });
}

/** Exchanges the refresh token under the store's lock, unless another process just did. */
async function refreshed(store: CredentialStore, stale: Credentials): Promise<Credentials> {
  return store.withLock(async () => {
    const latest = (await store.load()) ?? stale;
    if (latest.refreshToken !== stale.refreshToken && latest.accessToken) return latest;
    if (!latest.refreshToken) throw notSignedIn();

    const { data, error, response } = await anonymousClient(latest.url).POST(
      '/v1/sessions/refresh',
      { body: { refreshToken: latest.refreshToken } },
    );
    if (!data) {
      if (response.status === 401) {
        throw new CliError('The session has ended', ExitCode.unauthenticated, [
          'Sign in again with `vks login`.',
        ]);
      }
      throw CliError.fromProblem(response.status, error);
    }
    const next: Credentials = {
      ...latest,
      accessToken: data.accessToken,
      refreshToken: data.refreshToken,
      accessTokenExpiresAt: Date.now() + data.expiresIn * 1000,
    };
    await store.save(next);
    return next;
  });
}

async function reach(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (err) {
    const reason = (err as { cause?: { code?: string } }).cause?.code ?? String(err);
    throw new CliError(
      `Cannot reach the control plane at ${new URL(request.url).origin}`,
      ExitCode.unreachable,
      [`(${reason})`],
    );
  }
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's data, or the problem it carries as a CliError. */
export async function ok<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw CliError.fromProblem(response.status, error);
  return data as T;
}

/** Every item of a paged list, following `nextCursor` until the last page. */
export async function everyPage<T>(
  fetchPage: (
    cursor: string | undefined,
  ) => Promise<Answer<{ items: T[]; nextCursor?: string | undefined }>>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(fetchPage(cursor));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
