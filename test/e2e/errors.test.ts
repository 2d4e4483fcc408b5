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
  plane = await startTestControlPlane();
});
afterAll(() => plane.stop());

describe('errors are problem documents', () => {
  it('answers malformed JSON with 400', async () => {
    const res = await plane.client.request('POST', '/v1/signup', { rawBody: '{"email": ' });
    expectProblem(res, 400, 'malformed-request');
  });

  it('answers a body over 64 KiB with 413', async () => {
    const res = await plane.client.post('/v1/signup', {
      enterpriseName: 'x'.repeat(70 * 1024),
      name: 'n',
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
    });
    expectProblem(res, 413, 'payload-too-large');
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await plane.client.request('POST', '/v1/sessions', {
      rawBody: 'email=a@example.com',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('answers a missing token with 401 and a WWW-Authenticate challenge', async () => {
    const res = await plane.client.get('/v1/enterprise');
    expectProblem(res, 401, 'unauthenticated');
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('answers an unknown route with 404', async () => {
    expectProblem(await plane.client.get('/v1/nothing-here'), 404, 'not-found');
  });
});

describe('the API reference', () => {
  it('serves an OpenAPI 3.1 document that names each route’s permission', async () => {
    const res = await plane.client.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const operations = Object.values(res.body.paths).flatMap((p: any) => Object.values(p)) as any[];
    expect(operations.length).toBeGreaterThan(5);
    for (const op of operations) expect(op['x-permission'], op.summary).toBeTypeOf('string');
  });

  it('serves an interactive reference at /docs', async () => {
    const res = await plane.client.get('/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('/openapi.json');
  });
});

describe('logs', () => {
  it('are JSON lines with request ids and never hold a password or a token', async () => {
    const admin = await signUpEnterprise(plane.client);
    await plane.client.post('/v1/sessions', { email: admin.email, password: STRONG_PASSWORD });
    await plane.client.get('/v1/me', { token: admin.accessToken });

    const text = JSON.stringify(plane.logs);
    expect(text).not.toContain(STRONG_PASSWORD);
    expect(text).not.toContain(admin.accessToken);
    expect(text).not.toContain(admin.refreshToken);
    const me = plane.logs.find((l) => l.path === '/v1/me' && l.status === 200);
    expect(me).toMatchObject({ enterpriseId: admin.enterpriseId, accountId: admin.accountId });
    expect(me!.requestId).toMatch(/^req_/);
  });
});
