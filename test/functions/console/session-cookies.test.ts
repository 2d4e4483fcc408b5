import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { SessionCookies } from '../../../functions/console/session-cookies';

const tokens = { accessToken: 'a.b.c', refreshToken: 'vksr_x', expiresIn: 900 };

async function signInCookies(secure: boolean): Promise<string[]> {
  const app = new Hono();
  const cookies = new SessionCookies(secure);
  app.get('/', (c) => {
    cookies.write(c, tokens);
    cookies.writeCsrf(c, 'token');
    return c.body(null, 204);
  });
  return (await app.request('/')).headers.getSetCookie();
}

describe('session cookies', () => {
  it('in AWS are Secure, HttpOnly, SameSite and host-only under the __Host- prefix', async () => {
    const set = await signInCookies(true);

    expect(set.map((c) => c.split('=')[0])).toEqual([
      '__Host-vks_access',
      '__Host-vks_refresh',
      '__Host-vks_csrf',
    ]);
    for (const cookie of set) {
      expect(cookie).toContain('Secure');
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('Path=/');
      expect(cookie).not.toContain('Domain=');
    }
    expect(set[0]).toContain('SameSite=Lax');
    expect(set[0]).toContain('Max-Age=900');
    expect(set[2]).toContain('SameSite=Strict');
  });

  it('locally, over plain http, are HttpOnly and SameSite but not Secure', async () => {
    const set = await signInCookies(false);

    expect(set.map((c) => c.split('=')[0])).toEqual(['vks_access', 'vks_refresh', 'vks_csrf']);
    for (const cookie of set) {
      expect(cookie).toContain('HttpOnly');
      expect(cookie).not.toContain('Secure');
    }
  });
});
