import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { STRONG_PASSWORD, signUpEnterprise } from '../support/enterprises';

let plane: TestControlPlane;

beforeAll(async () => {
  plane = await startTestControlPlane();
});

afterAll(async () => {
  await plane?.stop();
});

/** A browser's visit: the CSRF cookie and the token the sign-in form carries. */
async function signInForm() {
  const res = await fetch(`${plane.url}/console/signin`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  return { res, cookie, token: token ?? '' };
}

const post = (path: string, form: Record<string, string>, headers: Record<string, string>) =>
  fetch(`${plane.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });

describe('console security', () => {
  it('serves every page with a strict Content-Security-Policy and no caching', async () => {
    const { res } = await signInForm();
    const csp = res.headers.get('content-security-policy') ?? '';

    expect(res.status).toBe(200);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('sets the session cookies HttpOnly and SameSite on sign-in', async () => {
    const admin = await signUpEnterprise(plane.client);
    const { cookie, token } = await signInForm();

    const res = await post(
      '/console/signin',
      { _csrf: token, email: admin.email, password: STRONG_PASSWORD },
      { cookie, origin: plane.url },
    );

    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console');
    const session = res.headers.getSetCookie().filter((c) => c.startsWith('vks_'));
    expect(session.map((c) => c.split('=')[0])).toEqual(['vks_access', 'vks_refresh']);
    for (const c of session) {
      expect(c).toContain('HttpOnly');
      expect(c).toMatch(/SameSite=(Lax|Strict)/);
    }
  });

  it('refuses a form without the synchronizer token, writing nothing', async () => {
    const { cookie } = await signInForm();
    const res = await post(
      '/console/signup',
      {
        enterpriseName: 'Forged',
        name: 'Mallory',
        email: 'forged@example.com',
        password: STRONG_PASSWORD,
      },
      { cookie, origin: plane.url },
    );

    expect(res.status).toBe(403);
    expect(await res.text()).toContain('The form');
    const signin = await plane.client.post('/v1/sessions', {
      email: 'forged@example.com',
      password: STRONG_PASSWORD,
    });
    expect(signin.status).toBe(401);
  });

  it('refuses a form posted from another site, even with the token', async () => {
    const { cookie, token } = await signInForm();
    const res = await post(
      '/console/signup',
      {
        _csrf: token,
        enterpriseName: 'Forged',
        name: 'Mallory',
        email: 'forged2@example.com',
        password: STRONG_PASSWORD,
      },
      { cookie, origin: 'https://evil.example' },
    );

    expect(res.status).toBe(403);
  });

  it('sends a visitor without a session to sign in, and only back to console pages', async () => {
    const res = await fetch(`${plane.url}/console/webhooks`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/signin?next=%2Fconsole%2Fwebhooks');

    const { cookie, token } = await signInForm();
    const admin = await signUpEnterprise(plane.client);
    const offsite = await post(
      '/console/signin?next=https://evil.example',
      { _csrf: token, email: admin.email, password: STRONG_PASSWORD },
      { cookie, origin: plane.url },
    );
    expect(offsite.headers.get('location')).toBe('/console');
  });
});
