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
  plane = await startTestControlPlane({ VKS_SIGNUP_LIMIT: '1000' });
});
afterAll(() => plane.stop());

describe('POST /v1/signup', () => {
  it('creates the enterprise and its administrator, signed in', async () => {
    const email = uniqueEmail();
    const res = await plane.client.post('/v1/signup', {
      enterpriseName: 'Orbital Compute',
      name: 'Grace Hopper',
      email: email.toUpperCase(),
      password: STRONG_PASSWORD,
    });

    expect(res.status).toBe(201);
    expect(res.body.account).toMatchObject({ email, role: 'administrator', status: 'active' });
    expect(res.body.enterprise).toMatchObject({
      name: 'Orbital Compute',
      administratorId: res.body.account.id,
      parallelismLimit: { total: 8, perType: {} },
    });
    expect(res.body.expiresIn).toBe(900);
    expect(res.body.account).not.toHaveProperty('passwordHash');

    const me = await plane.client.get('/v1/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.account.id).toBe(res.body.account.id);
    expect(me.body.permissions).toContain('members:manage');
  });

  it('refuses an e-mail address already in use, whatever its case', async () => {
    const email = uniqueEmail();
    await signUpEnterprise(plane.client, { email });

    const again = await plane.client.post('/v1/signup', {
      enterpriseName: 'Copycat',
      name: 'Mallory',
      email: email.replace('admin', 'ADMIN'),
      password: STRONG_PASSWORD,
    });
    expectProblem(again, 409, 'email-taken');
  });

  it('makes exactly one enterprise from 12 concurrent sign-ups with one e-mail in mixed case', async () => {
    const email = uniqueEmail('race');
    const variants = Array.from({ length: 12 }, (_, i) =>
      [...email].map((ch, j) => ((i >> (j % 4)) & 1 ? ch.toUpperCase() : ch)).join(''),
    );

    const results = await Promise.all(
      variants.map((variant, i) =>
        plane.client.post('/v1/signup', {
          enterpriseName: `Racer ${i}`,
          name: 'Racer',
          email: variant,
          password: STRONG_PASSWORD,
        }),
      ),
    );

    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 201)) expectProblem(r, 409, 'email-taken');

    const signIn = await plane.client.post('/v1/sessions', { email, password: STRONG_PASSWORD });
    expect(signIn.status).toBe(201);
    expect(signIn.body.account.enterpriseId).toBe(created[0]!.body.enterprise.id);
  });

  it('cannot set a role or a limit from the body', async () => {
    const res = await plane.client.post('/v1/signup', {
      enterpriseName: 'Greedy',
      name: 'Greedy',
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
      role: 'operator',
      parallelismLimit: { total: 1000 },
    });
    expectProblem(res, 422, 'validation-failed');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'parallelismLimit',
      'role',
    ]);
  });

  it.each([
    ['a short password', { password: 'short' }, 'password'],
    ['a common password', { password: 'qwerty123456' }, 'password'],
    ['a bad e-mail', { email: 'not-an-email' }, 'email'],
    ['an empty enterprise name', { enterpriseName: '   ' }, 'enterpriseName'],
  ])('refuses %s with the failing field named', async (_label, override, field) => {
    const email = uniqueEmail();
    const res = await plane.client.post('/v1/signup', {
      enterpriseName: 'Valid',
      name: 'Valid',
      email,
      password: STRONG_PASSWORD,
      ...override,
    });
    expectProblem(res, 422, 'validation-failed');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);

    const signIn = await plane.client.post('/v1/sessions', { email, password: STRONG_PASSWORD });
    expect(signIn.status).toBe(401);
  });
});

describe('sign-up rate limit', () => {
  it('answers 429 with Retry-After past the limit per source address', async () => {
    const limited = await startTestControlPlane({ VKS_SIGNUP_LIMIT: '2' });
    try {
      await signUpEnterprise(limited.client);
      await signUpEnterprise(limited.client);
      const third = await limited.client.post('/v1/signup', {
        enterpriseName: 'Third',
        name: 'Third',
        email: uniqueEmail(),
        password: STRONG_PASSWORD,
      });
      expectProblem(third, 429, 'rate-limited');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });
});
