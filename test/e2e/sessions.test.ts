import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { base64url, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import {
  expectProblem,
  signUpEnterprise,
  STRONG_PASSWORD,
  uniqueEmail,
} from '../support/enterprises';

let plane: TestControlPlane;

beforeAll(async () => {
  plane = await startTestControlPlane({ VKS_SIGNIN_LIMIT: '3' });
});
afterAll(() => plane.stop());

describe('sign-in', () => {
  it('opens a session whose access token reaches /v1/me', async () => {
    const admin = await signUpEnterprise(plane.client);
    const res = await plane.client.post('/v1/sessions', {
      email: admin.email,
      password: STRONG_PASSWORD,
    });

    expect(res.status).toBe(201);
    expect(res.body.account.id).toBe(admin.accountId);
    const me = await plane.client.get('/v1/me', { token: res.body.accessToken });
    expect(me.body.enterprise.id).toBe(admin.enterpriseId);
  });

  it('answers a wrong password and an unknown e-mail alike', async () => {
    const admin = await signUpEnterprise(plane.client);
    const wrong = await plane.client.post('/v1/sessions', {
      email: admin.email,
      password: 'not-the-password-at-all',
    });
    const unknown = await plane.client.post('/v1/sessions', {
      email: uniqueEmail('nobody'),
      password: STRONG_PASSWORD,
    });

    expectProblem(wrong, 401, 'unauthenticated');
    expectProblem(unknown, 401, 'unauthenticated');
    const { instance: _a, ...wrongBody } = wrong.body;
    const { instance: _b, ...unknownBody } = unknown.body;
    expect(wrongBody).toEqual(unknownBody);
  });

  it('refuses further attempts for an e-mail after too many failures, even the right password', async () => {
    const admin = await signUpEnterprise(plane.client);
    for (let i = 0; i < 3; i++) {
      const res = await plane.client.post('/v1/sessions', {
        email: admin.email,
        password: `wrong-password-${i}`,
      });
      expect(res.status).toBe(401);
    }
    const blocked = await plane.client.post('/v1/sessions', {
      email: admin.email,
      password: STRONG_PASSWORD,
    });
    expectProblem(blocked, 429, 'rate-limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('refresh tokens', () => {
  it('rotate on use, and a reused one is refused and ends the session', async () => {
    const admin = await signUpEnterprise(plane.client);

    const first = await plane.client.post('/v1/sessions/refresh', {
      refreshToken: admin.refreshToken,
    });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(admin.refreshToken);

    const reuse = await plane.client.post('/v1/sessions/refresh', {
      refreshToken: admin.refreshToken,
    });
    expectProblem(reuse, 401, 'unauthenticated');

    const afterReuse = await plane.client.post('/v1/sessions/refresh', {
      refreshToken: first.body.refreshToken,
    });
    expectProblem(afterReuse, 401, 'unauthenticated');
    const me = await plane.client.get('/v1/me', { token: first.body.accessToken });
    expectProblem(me, 401, 'unauthenticated');
  });

  it('lets exactly one of two concurrent refreshes with one token win', async () => {
    const admin = await signUpEnterprise(plane.client);
    const results = await Promise.all(
      [1, 2].map(() =>
        plane.client.post('/v1/sessions/refresh', { refreshToken: admin.refreshToken }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('refuses a made-up token', async () => {
    const res = await plane.client.post('/v1/sessions/refresh', {
      refreshToken: 'vksr_ent_x.ses_y.zzz',
    });
    expectProblem(res, 401, 'unauthenticated');
  });
});

describe('sign-out', () => {
  it('ends the session: its access and refresh tokens stop working at once', async () => {
    const admin = await signUpEnterprise(plane.client);
    const out = await plane.client.delete('/v1/sessions/current', { token: admin.accessToken });
    expect(out.status).toBe(204);

    expectProblem(
      await plane.client.get('/v1/me', { token: admin.accessToken }),
      401,
      'unauthenticated',
    );
    const refresh = await plane.client.post('/v1/sessions/refresh', {
      refreshToken: admin.refreshToken,
    });
    expectProblem(refresh, 401, 'unauthenticated');
  });
});

describe('forged access tokens', () => {
  let admin: Awaited<ReturnType<typeof signUpEnterprise>>;
  let privateJwk: JWK;
  let kid: string;

  beforeAll(async () => {
    admin = await signUpEnterprise(plane.client);
    const ring = JSON.parse(await readFile(join(plane.dataDir, 'signing-keys.json'), 'utf8'));
    privateJwk = ring.keys[0].privateJwk;
    kid = ring.keys[0].kid;
  });

  const claims = () =>
    JSON.parse(Buffer.from(admin.accessToken.split('.')[1]!, 'base64url').toString());

  async function signed(overrides: Record<string, unknown>, expiresAt?: number): Promise<string> {
    const key = await importJWK({ ...privateJwk, alg: 'EdDSA' }, 'EdDSA');
    const payload = { ...claims(), ...overrides };
    if (expiresAt !== undefined) payload.exp = expiresAt;
    return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' }).sign(key);
  }

  it.each([
    [
      'alg none',
      async () => {
        const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
        return `${header}.${admin.accessToken.split('.')[1]}.`;
      },
    ],
    [
      'a changed payload',
      async () => {
        const [header, , signature] = admin.accessToken.split('.');
        const payload = base64url.encode(JSON.stringify({ ...claims(), sub: 'acc_someoneelse' }));
        return `${header}.${payload}.${signature}`;
      },
    ],
    [
      'HS256 keyed with the public key',
      async () => {
        const jwks = (await plane.client.get('/.well-known/jwks.json')).body;
        const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
        return new SignJWT(claims())
          .setProtectedHeader({ alg: 'HS256', kid, typ: 'at+jwt' })
          .sign(secret);
      },
    ],
    ['a wrong audience', () => signed({ aud: 'kubernetes' })],
    [
      'RS256 with the cluster-credential key',
      async () => {
        const ring = JSON.parse(await readFile(join(plane.dataDir, 'signing-keys.json'), 'utf8'));
        const rsa = ring.keys.find((k: { alg?: string }) => k.alg === 'RS256');
        const key = await importJWK({ ...rsa.privateJwk, alg: 'RS256' }, 'RS256');
        return new SignJWT(claims())
          .setProtectedHeader({ alg: 'RS256', kid: rsa.kid, typ: 'at+jwt' })
          .sign(key);
      },
    ],
    ['an expired token', () => signed({ iat: 1_700_000_000, nbf: 1_700_000_000 }, 1_700_000_900)],
    ['a wrong issuer', () => signed({ iss: 'https://attacker.example' })],
  ])('refuses %s with 401', async (_name, forge) => {
    const res = await plane.client.get('/v1/me', { token: await forge() });
    expectProblem(res, 401, 'unauthenticated');
  });

  it('accepts a token signed by the key it names, so the refusals above are about the forgery', async () => {
    const res = await plane.client.get('/v1/me', { token: await signed({}) });
    expect(res.status).toBe(200);
  });
});

describe('discovery', () => {
  it('publishes the JWKS and the OpenID configuration with the issuer', async () => {
    const jwks = await plane.client.get('/.well-known/jwks.json');
    expect(jwks.body.keys[0]).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(jwks.body.keys[0]).not.toHaveProperty('d');

    const config = await plane.client.get('/.well-known/openid-configuration');
    expect(config.body.issuer).toBe(plane.url);
    expect(config.body.jwks_uri).toBe(`${plane.url}/.well-known/jwks.json`);
  });
});
