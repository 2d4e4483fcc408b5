import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { SESSION_IDLE_SECONDS } from '../../shared/store/session-store';

/**
 * The console keeps the API's own tokens in cookies the page's scripts cannot read (HttpOnly),
 * sent only to this site (SameSite=Lax keeps links from e-mails working; forms are protected by
 * the CSRF token as well), and in AWS only over TLS under the `__Host-` prefix, which also pins
 * them to this host and path `/`.
 */
export class SessionCookies {
  constructor(private readonly secure: boolean) {}

  private name(base: string): string {
    return this.secure ? `__Host-${base}` : base;
  }

  private options(maxAge: number, sameSite: 'Lax' | 'Strict' = 'Lax'): CookieOptions {
    return { httpOnly: true, secure: this.secure, sameSite, path: '/', maxAge };
  }

  read(c: Context): { accessToken?: string; refreshToken?: string } {
    return {
      accessToken: getCookie(c, this.name('vks_access')),
      refreshToken: getCookie(c, this.name('vks_refresh')),
    };
  }

  write(c: Context, tokens: { accessToken: string; refreshToken: string; expiresIn: number }) {
    setCookie(c, this.name('vks_access'), tokens.accessToken, this.options(tokens.expiresIn));
    setCookie(c, this.name('vks_refresh'), tokens.refreshToken, this.options(SESSION_IDLE_SECONDS));
  }

  clear(c: Context) {
    for (const base of ['vks_access', 'vks_refresh']) {
      deleteCookie(c, this.name(base), { path: '/', secure: this.secure });
    }
  }

  readCsrf(c: Context): string | undefined {
    return getCookie(c, this.name('vks_csrf'));
  }

  writeCsrf(c: Context, token: string) {
    setCookie(c, this.name('vks_csrf'), token, this.options(SESSION_IDLE_SECONDS, 'Strict'));
  }
}
