import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiDependencies, ApiEnv } from '../../../functions/api/env';
import { idempotent } from '../../../functions/api/middleware/idempotency';
import { problemResponse, toDomainError } from '../../../functions/api/problem';
import type { Table } from '../../../shared/store/table';
import { freshTable } from '../../support/tables';

/** A small app with one creating route behind the middleware, on a real DynamoDB Local table. */
let table: Table;
let created: number;

function app() {
  const deps = { table, now: () => new Date() } as unknown as ApiDependencies;
  const hono = new Hono<ApiEnv>();
  hono.use(async (c, next) => {
    c.set('principal', {
      enterpriseId: 'ent_a',
      accountId: 'acc_a',
      role: 'administrator',
      permissions: new Set(),
    });
    await next();
  });
  hono.post('/things', idempotent(deps), async (c) => {
    const body = await c.req.json();
    if (body.fail) return c.json({ error: 'bad' }, 422);
    created += 1;
    c.header('location', `/things/${created}`);
    return c.json({ id: created, name: body.name }, 201);
  });
  hono.onError((err, c) => problemResponse(c, toDomainError(err)));
  return hono;
}

const post = (body: unknown, key?: string) =>
  app().request('/things', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
  });

beforeAll(async () => {
  table = await freshTable('idem');
  created = 0;
});

describe('Idempotency-Key', () => {
  it('replays the first answer for the same key and body, without running again', async () => {
    const key = randomUUID();
    const first = await post({ name: 'a' }, key);
    const second = await post({ name: 'a' }, key);

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses the same key with another body', async () => {
    const key = randomUUID();
    await post({ name: 'a' }, key);
    const other = await post({ name: 'b' }, key);
    expect(other.status).toBe(422);
    expect(((await other.json()) as { type: string }).type).toBe(
      '/problems/idempotency-key-reused',
    );
  });

  it('runs concurrent requests with one key once', async () => {
    const key = randomUUID();
    const before = created;
    const results = await Promise.all(Array.from({ length: 6 }, () => post({ name: 'c' }, key)));
    expect(created - before).toBe(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
  });

  it('forgets a failed request, so that a corrected retry with the same key runs', async () => {
    const key = randomUUID();
    const before = created;
    expect((await post({ fail: true }, key)).status).toBe(422);
    expect((await post({ fail: true }, key)).status).toBe(422);
    expect((await post({ name: 'corrected' }, key)).status).toBe(201);
    expect(created - before).toBe(1);
  });

  it('runs every request without a key', async () => {
    const before = created;
    await post({ name: 'd' });
    await post({ name: 'd' });
    expect(created - before).toBe(2);
  });
});
