import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DestinationPolicy, Resolver } from '../../../shared/webhooks/destination-policy';
import { httpSender } from '../../../shared/webhooks/http-sender';

/** A local server that counts connections: every refusal must leave the count at zero. */
let connections = 0;
let port = 0;
const server = createServer((_req, res) => res.writeHead(204).end());
server.on('connection', () => connections++);

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const resolving =
  (answers: Record<string, string[]>): Resolver =>
  async (hostname) =>
    (answers[hostname] ?? []).map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));

const policy = (allowPrivate: boolean, resolve: Resolver = resolving({})): DestinationPolicy => ({
  allowHttp: true,
  allowPrivate,
  resolve,
});

const send = (p: DestinationPolicy, url: string) =>
  httpSender(p)({ url, headers: {}, body: '{}', timeoutMs: 2_000 });

describe('httpSender', () => {
  it('refuses a literal private address before connecting', async () => {
    const before = connections;
    const res = await send(policy(false), `http://127.0.0.1:${port}/`);
    expect(res).toMatchObject({ statusCode: null });
    expect(res.error).toContain('refused');
    expect(connections).toBe(before);
  });

  it('refuses a name whose answer is private, checking inside the connection lookup', async () => {
    const before = connections;
    const lookups: string[] = [];
    const resolver: Resolver = async (hostname) => {
      lookups.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const res = await send(policy(false, resolver), `http://receiver.test:${port}/`);
    expect(lookups).toEqual(['receiver.test']);
    expect(res.error).toContain('loopback');
    expect(connections).toBe(before);
  });

  it('connects to exactly the address that was checked', async () => {
    const before = connections;
    const res = await send(
      policy(true, resolving({ 'receiver.test': ['127.0.0.1'] })),
      `http://receiver.test:${port}/`,
    );
    expect(res).toMatchObject({ statusCode: 204, error: null });
    expect(connections).toBe(before + 1);
  });

  it('reports a receiver that does not answer in time as a failure', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port: silentPort } = silent.address() as AddressInfo;
      const res = await httpSender(policy(true))({
        url: `http://127.0.0.1:${silentPort}/`,
        headers: {},
        body: '{}',
        timeoutMs: 200,
      });
      expect(res.statusCode).toBeNull();
      expect(res.error).toContain('no response');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
