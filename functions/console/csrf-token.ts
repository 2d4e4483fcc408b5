import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { every } from 'hono/combine';
import { DomainError } from '../../shared/domain/errors';
import type { ConsoleEnv } from './env';
import type { SessionCookies } from './session-cookies';

export const CSRF_FIELD = '_csrf';

/**
 * Two guards on every form post: the browser's Origin must be this site (`hono/csrf`), and the
 * form must carry the synchronizer token that sits in a SameSite=Strict cookie, which a page of
 * another site can neither read nor send.
 */
export function csrfProtection(cookies: SessionCookies): MiddlewareHandler<ConsoleEnv> {
  const synchronizer: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    let token = cookies.readCsrf(c);
    if (!token) {
      token = randomBytes(32).toString('base64url');
      cookies.writeCsrf(c, token);
    }
    c.set('csrfToken', token);

    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      const sent = form[CSRF_FIELD];
      if (typeof sent !== 'string' || !sameToken(sent, token)) {
        throw new DomainError(
          'forbidden',
          'The form expired or did not come from this site. Reload the page and try again.',
        );
      }
    }
    await next();
  };
  return every(csrf(), synchronizer);
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
