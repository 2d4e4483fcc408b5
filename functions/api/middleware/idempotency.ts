import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { DomainError } from '../../../shared/domain/errors';
import { IdempotencyStore, idempotencyKey } from '../../../shared/store/idempotency-store';
import type { ApiDependencies, ApiEnv } from '../env';

const validKey = /^[\x21-\x7e]{1,255}$/;
const replayedHeaders = ['content-type', 'location', 'etag'];

/**
 * `Idempotency-Key` on creating endpoints. The first request with a key runs; a later one with the
 * same key and body gets the first answer again; the same key with another body is refused. Only
 * successful answers are remembered: a request that failed wrote nothing, so its retry runs anew.
 */
export function idempotent(deps: ApiDependencies): MiddlewareHandler<ApiEnv> {
  const store = new IdempotencyStore(deps.table, deps.now);
  return async (c, next) => {
    const header = c.req.header('idempotency-key');
    if (header === undefined) return next();
    if (!validKey.test(header)) {
      throw new DomainError('validation-failed', 'The Idempotency-Key header is not valid.', {
        fields: [
          { field: 'header.idempotency-key', message: 'Use 1 to 255 visible ASCII characters.' },
        ],
      });
    }

    const principal = c.get('principal');
    const key = principal
      ? idempotencyKey(
          `ENT#${principal.enterpriseId}`,
          principal.apiKeyId ?? principal.accountId,
          header,
        )
      : idempotencyKey(`IDEMPOTENCY#${c.get('sourceIp')}`, 'anonymous', header);
    const fingerprint = createHash('sha256')
      .update(`${c.req.method} ${c.req.path}\n${await c.req.text()}`)
      .digest('base64url');

    const claim = await store.claim(key, fingerprint);
    if (claim.kind === 'replay') {
      const { status, headers, body } = claim.response;
      return new Response(body, { status, headers: { ...headers, 'idempotent-replayed': 'true' } });
    }

    try {
      await next();
    } catch (err) {
      await store.release(key);
      throw err;
    }
    if (c.res.status >= 200 && c.res.status < 300) {
      const headers = Object.fromEntries(
        replayedHeaders.flatMap((name) => {
          const value = c.res.headers.get(name);
          return value === null ? [] : [[name, value]];
        }),
      );
      await store.complete(key, {
        status: c.res.status,
        headers,
        body: await c.res.clone().text(),
      });
    } else {
      await store.release(key);
    }
  };
}
