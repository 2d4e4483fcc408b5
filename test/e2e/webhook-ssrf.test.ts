import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resolver } from '../../shared/webhooks/destination-policy';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { expectProblem, signUpEnterprise, type SignedUp } from '../support/enterprises';

/** Names resolve here, never through real DNS; an unknown name fails like NXDOMAIN. */
const names: Record<string, string[]> = {
  'loopback.test': ['127.0.0.1'],
  'private.test': ['10.1.2.3'],
  'metadata.test': ['169.254.169.254'],
  'mixed.test': ['93.184.215.14', '192.168.1.10'],
  'v6-unique-local.test': ['fd12:3456::1'],
  'public.test': ['93.184.215.14'],
};
const resolver: Resolver = async (hostname) => {
  const answers = names[hostname];
  if (!answers)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

let plane: TestControlPlane;
let admin: SignedUp;

beforeAll(async () => {
  plane = await startTestControlPlane(
    { VKS_SIGNUP_LIMIT: '1000', VKS_WEBHOOK_ALLOW_HTTP: 'true' },
    { resolveHost: resolver },
  );
  admin = await signUpEnterprise(plane.client);
});
afterAll(() => plane.stop());

const register = (url: string) =>
  plane.client.post(
    '/v1/webhooks',
    // No event of this type is emitted in this suite, so nothing is ever delivered.
    { url, eventTypes: ['cluster.deleted'] },
    { token: admin.accessToken },
  );

describe('registration refuses internal destinations', () => {
  it.each([
    ['loopback', 'http://127.0.0.1:8080/hook'],
    ['loopback, elsewhere in 127/8', 'https://127.45.6.7/hook'],
    ['localhost', 'http://localhost/hook'],
    ['private 10/8', 'https://10.0.0.5/hook'],
    ['private 172.16/12', 'https://172.20.1.1/hook'],
    ['private 192.168/16', 'https://192.168.0.1/hook'],
    ['link-local', 'https://169.254.10.20/hook'],
    ['instance metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['CGNAT 100.64/10', 'https://100.100.100.200/hook'],
    ['0/8', 'https://0.0.0.0/hook'],
    ['multicast', 'https://224.0.0.251/hook'],
    ['broadcast', 'https://255.255.255.255/hook'],
    ['IPv6 loopback', 'https://[::1]/hook'],
    ['IPv6 unique-local', 'https://[fd00::1]/hook'],
    ['IPv6 link-local', 'https://[fe80::1]/hook'],
    ['IPv4-mapped IPv6', 'https://[::ffff:127.0.0.1]/hook'],
    ['IPv4-mapped IPv6 of metadata', 'https://[::ffff:a9fe:a9fe]/hook'],
    ['decimal IPv4', 'http://2130706433/hook'],
    ['hexadecimal IPv4', 'http://0x7f000001/hook'],
    ['octal IPv4', 'http://0177.0.0.1/hook'],
    ['short IPv4', 'http://127.1/hook'],
    ['a name resolving to loopback', 'https://loopback.test/hook'],
    ['a name resolving to private', 'https://private.test/hook'],
    ['a name resolving to metadata', 'https://metadata.test/hook'],
    ['a name with one private answer among public ones', 'https://mixed.test/hook'],
    ['a name resolving to IPv6 unique-local', 'https://v6-unique-local.test/hook'],
    ['a name that does not resolve', 'https://nowhere.test/hook'],
    ['credentials in the URL', 'https://user:pw@public.test/hook'],
    ['another scheme', 'ftp://public.test/hook'],
  ])('refuses %s with 422 and stores nothing', async (_label, url) => {
    const res = await register(url);

    expectProblem(res, 422, 'validation-failed');
    expect(res.body.errors[0].field).toBe('url');
    const list = await plane.client.get('/v1/webhooks', { token: admin.accessToken });
    expect(list.body.items).toEqual([]);
  });

  it('refuses changing an endpoint to an internal address, keeping the old URL', async () => {
    const created = await register('https://public.test/hook');
    expect(created.status).toBe(201);

    const res = await plane.client.patch(
      `/v1/webhooks/${created.body.id}`,
      { url: 'https://[::ffff:10.0.0.1]/hook' },
      { token: admin.accessToken },
    );
    expectProblem(res, 422, 'validation-failed');
    const stored = await plane.client.get(`/v1/webhooks/${created.body.id}`, {
      token: admin.accessToken,
    });
    expect(stored.body.url).toBe('https://public.test/hook');
    await plane.client.delete(`/v1/webhooks/${created.body.id}`, { token: admin.accessToken });
  });
});

describe('plain http', () => {
  it('is refused unless the local setting allows it', async () => {
    const strict = await startTestControlPlane({}, { resolveHost: resolver });
    try {
      const owner = await signUpEnterprise(strict.client);
      const res = await strict.client.post(
        '/v1/webhooks',
        { url: 'http://public.test/hook', eventTypes: ['cluster.deleted'] },
        { token: owner.accessToken },
      );
      expectProblem(res, 422, 'validation-failed');
      expect(res.body.errors[0].message).toContain('https');
    } finally {
      await strict.stop();
    }
  });
});
