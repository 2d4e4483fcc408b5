import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTable } from '../../shared/store/table';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { expectProblem, signUpEnterprise, type SignedUp } from '../support/enterprises';
import { eventually, WebhookReceiver, type ReceivedWebhook } from '../support/webhook-receiver';

let plane: TestControlPlane;
let receiver: WebhookReceiver;
let admin: SignedUp;

beforeAll(async () => {
  plane = await startTestControlPlane({
    VKS_SIGNUP_LIMIT: '1000',
    VKS_WEBHOOK_ALLOW_PRIVATE: 'true',
    VKS_WEBHOOK_ALLOW_HTTP: 'true',
    VKS_WEBHOOK_RETRY_SCALE: '0.001',
    VKS_WEBHOOK_POLL_MS: '50',
  });
});
afterAll(() => plane.stop());

// Each test has an enterprise of its own, so that endpoints of earlier tests stay out of its way.
beforeEach(async () => {
  admin = await signUpEnterprise(plane.client);
});

afterEach(async () => {
  await receiver?.stop();
});

async function register(eventTypes: string[], url?: string, token = admin.accessToken) {
  receiver = url ? receiver : await WebhookReceiver.start();
  const res = await plane.client.post(
    '/v1/webhooks',
    { url: url ?? receiver.url, eventTypes, description: 'test receiver' },
    { token },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; secret: string; url: string };
}

const renameEnterprise = (name: string, token = admin.accessToken) =>
  plane.client.patch('/v1/enterprise', { name }, { token });

function verify(secret: string, request: ReceivedWebhook) {
  return new Webhook(secret).verify(request.body, request.headers) as Record<string, any>;
}

const deliveries = async (id: string, token = admin.accessToken) =>
  (await plane.client.get(`/v1/webhooks/${id}/deliveries`, { token })).body.items as any[];

describe('delivery', () => {
  it('delivers a change as an event signed per Standard Webhooks', async () => {
    const endpoint = await register(['enterprise.updated']);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{40,}={0,2}$/);
    expect(Buffer.from(endpoint.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);

    expect((await renameEnterprise('Delivered Ltd')).status).toBe(200);

    const [request] = await receiver.waitFor(1);
    const payload = verify(endpoint.secret, request!);
    expect(payload).toMatchObject({
      type: 'enterprise.updated',
      data: { enterpriseId: admin.enterpriseId, fields: ['name'] },
    });
    expect(request!.headers['webhook-id']).toBe(payload.id);
    expect(() => verify(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, request!)).toThrow();

    const events = await plane.client.get('/v1/events', { token: admin.accessToken });
    expect(events.body.items[0]).toMatchObject({ id: payload.id, type: 'enterprise.updated' });
    await eventually(async () => (await deliveries(endpoint.id)).length === 1);
    expect((await deliveries(endpoint.id))[0]).toMatchObject({
      eventId: payload.id,
      attempt: 1,
      success: true,
      statusCode: 204,
      error: null,
    });
  });

  it('retries a receiver answering 500 with the same webhook-id, and logs every attempt', async () => {
    const endpoint = await register(['enterprise.updated']);
    receiver.answer = (i) => ({ status: i < 2 ? 500 : 200 });

    await renameEnterprise('Flaky Receiver Ltd');

    const requests = await receiver.waitFor(3);
    const ids = requests.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    for (const request of requests) verify(endpoint.secret, request);

    await eventually(async () => (await deliveries(endpoint.id)).length === 3);
    const log = await deliveries(endpoint.id);
    expect(log.map((a) => [a.attempt, a.statusCode, a.success])).toEqual([
      [3, 200, true],
      [2, 500, false],
      [1, 500, false],
    ]);
    expect(log[1].error).toContain('500');
    for (const attempt of log) {
      expect(attempt.eventId).toBe(ids[0]);
      expect(typeof attempt.durationMs).toBe('number');
      expect(Date.parse(attempt.at)).not.toBeNaN();
    }
    expect(receiver.received).toHaveLength(3);
  });

  it('honours Retry-After, scaled like every other wait', async () => {
    await register(['enterprise.updated']);
    // 1000 s scaled by 0.001 is one second, far above the scaled 5 s of the schedule.
    receiver.answer = (i) =>
      i === 0 ? { status: 503, headers: { 'retry-after': '1000' } } : { status: 200 };

    await renameEnterprise('Busy Receiver Ltd');

    const [first, second] = await receiver.waitFor(2);
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(1000);
  });

  it('disables the endpoint at once on 410 Gone and tells the enterprise', async () => {
    const watcher = await WebhookReceiver.start('/watcher');
    try {
      const watch = await register(['webhook.disabled', 'enterprise.updated'], watcher.url);
      const gone = await register(['enterprise.updated']);
      receiver.answer = () => ({ status: 410 });

      await renameEnterprise('Gone Receiver Ltd');

      const notices = await watcher.waitFor(2);
      const disabled = notices
        .map((n) => verify(watch.secret, n))
        .find((p) => p.type === 'webhook.disabled');
      expect(disabled).toMatchObject({ data: { endpointId: gone.id } });
      const stored = await plane.client.get(`/v1/webhooks/${gone.id}`, {
        token: admin.accessToken,
      });
      expect(stored.body).toMatchObject({ status: 'disabled' });
      expect(stored.body.disabledReason).toContain('410');
      expect(await deliveries(gone.id)).toHaveLength(1);

      // The watcher hearing the next change shows it was dispatched; the disabled one got nothing.
      await renameEnterprise('Still Gone Ltd');
      await watcher.waitFor(3);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await watcher.stop();
    }
  });

  it('treats a redirect as a failure and never follows it', async () => {
    const target = await WebhookReceiver.start('/target');
    try {
      const endpoint = await register(['enterprise.updated']);
      receiver.answer = (i) =>
        i === 0 ? { status: 302, headers: { location: target.url } } : { status: 204 };

      await renameEnterprise('Redirecting Ltd');

      await receiver.waitFor(2);
      await eventually(async () => (await deliveries(endpoint.id)).length === 2);
      const log = await deliveries(endpoint.id);
      expect(log[1]).toMatchObject({ statusCode: 302, success: false });
      expect(log[1].error).toContain('redirect');
      expect(target.received).toHaveLength(0);
    } finally {
      await target.stop();
    }
  });

  it('signs with both secrets after a rotation', async () => {
    const endpoint = await register(['enterprise.updated']);
    const rotated = await plane.client.post(
      `/v1/webhooks/${endpoint.id}/rotate-secret`,
      undefined,
      {
        token: admin.accessToken,
      },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);

    await renameEnterprise('Rotated Ltd');

    const [request] = await receiver.waitFor(1);
    expect(request!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    verify(endpoint.secret, request!);
    verify(rotated.body.secret, request!);
  });

  it('sends webhook.test to the one endpoint asked for', async () => {
    const other = await WebhookReceiver.start('/other');
    try {
      await register(['webhook.test'], other.url);
      const endpoint = await register(['enterprise.updated']);

      const res = await plane.client.post(`/v1/webhooks/${endpoint.id}/test`, undefined, {
        token: admin.accessToken,
      });
      expect(res.status).toBe(202);

      const [request] = await receiver.waitFor(1);
      expect(verify(endpoint.secret, request!)).toMatchObject({
        id: res.body.eventId,
        type: 'webhook.test',
      });
      await eventually(async () => (await deliveries(endpoint.id)).length === 1);
      expect(other.received).toHaveLength(0);
    } finally {
      await other.stop();
    }
  });
});

describe('endpoints', () => {
  it('never shows the secret again, nor writes it to the logs', async () => {
    const endpoint = await register(['enterprise.updated']);

    const one = await plane.client.get(`/v1/webhooks/${endpoint.id}`, { token: admin.accessToken });
    const list = await plane.client.get('/v1/webhooks', { token: admin.accessToken });
    expect(one.status).toBe(200);
    expect(one.text).not.toContain(endpoint.secret.slice(6));
    expect(list.text).not.toContain(endpoint.secret.slice(6));
    expect(JSON.stringify(plane.logs)).not.toContain(endpoint.secret.slice(6));
  });

  it('changes, pauses and deletes an endpoint, auditing each change', async () => {
    const endpoint = await register(['enterprise.updated']);
    const token = admin.accessToken;

    const paused = await plane.client.patch(
      `/v1/webhooks/${endpoint.id}`,
      { enabled: false, description: null, eventTypes: ['cluster.ready', 'cluster.ready'] },
      { token },
    );
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({
      status: 'disabled',
      description: null,
      eventTypes: ['cluster.ready'],
      version: 2,
    });

    const stale = await plane.client.patch(
      `/v1/webhooks/${endpoint.id}`,
      { enabled: true },
      { token, headers: { 'if-match': '"v1"' } },
    );
    expectProblem(stale, 412, 'precondition-failed');

    expect((await plane.client.delete(`/v1/webhooks/${endpoint.id}`, { token })).status).toBe(204);
    expectProblem(
      await plane.client.get(`/v1/webhooks/${endpoint.id}`, { token }),
      404,
      'not-found',
    );

    const table = openTable({ tableName: plane.tableName, endpoint: plane.dynamodbEndpoint });
    const { Items } = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
        ExpressionAttributeValues: { ':pk': `ENT#${admin.enterpriseId}`, ':audit': 'AUDIT#' },
      }),
    );
    table.client.destroy();
    const actions = (Items ?? [])
      .filter((i) => i.target.id === endpoint.id)
      .map((i) => i.action)
      .sort();
    expect(actions).toEqual(['webhook.created', 'webhook.deleted', 'webhook.updated']);
  });

  it('refuses an unknown event type or field with 422', async () => {
    receiver = await WebhookReceiver.start();
    const token = admin.accessToken;
    const unknownType = await plane.client.post(
      '/v1/webhooks',
      { url: receiver.url, eventTypes: ['cluster.exploded'] },
      { token },
    );
    expectProblem(unknownType, 422, 'validation-failed');
    const unknownField = await plane.client.post(
      '/v1/webhooks',
      { url: receiver.url, eventTypes: ['cluster.ready'], secret: 'mine' },
      { token },
    );
    expectProblem(unknownField, 422, 'validation-failed');
    expect(unknownField.body.errors).toEqual([
      { field: 'secret', message: 'This field is not allowed.' },
    ]);
  });

  it('keeps each enterprise to its own endpoints, deliveries and events', async () => {
    const endpoint = await register(['enterprise.updated']);
    const other = await signUpEnterprise(plane.client);

    for (const path of [`/v1/webhooks/${endpoint.id}`, `/v1/webhooks/${endpoint.id}/deliveries`]) {
      expectProblem(await plane.client.get(path, { token: other.accessToken }), 404, 'not-found');
    }
    expectProblem(
      await plane.client.post(`/v1/webhooks/${endpoint.id}/test`, undefined, {
        token: other.accessToken,
      }),
      404,
      'not-found',
    );
    const list = await plane.client.get('/v1/webhooks', { token: other.accessToken });
    expect(list.body.items).toEqual([]);

    await renameEnterprise('Only Mine Ltd');
    const events = await plane.client.get('/v1/events', { token: other.accessToken });
    expect(events.body.items).toEqual([]);
  });
});

describe('events', () => {
  it('lists the catalogue of event types', async () => {
    const res = await plane.client.get('/v1/event-types', { token: admin.accessToken });
    expect(res.status).toBe(200);
    const types = res.body.items.map((t: { type: string }) => t.type);
    expect(types).toEqual(
      expect.arrayContaining(['enterprise.updated', 'cluster.ready', 'webhook.test']),
    );
  });

  it('pages through events newest first with an opaque cursor', async () => {
    const owner = await signUpEnterprise(plane.client);
    for (const name of ['First', 'Second', 'Third'])
      await renameEnterprise(name, owner.accessToken);

    const first = await plane.client.get('/v1/events?limit=2', { token: owner.accessToken });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await plane.client.get(
      `/v1/events?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { token: owner.accessToken },
    );
    const all = [...first.body.items, ...second.body.items];
    expect(all).toHaveLength(3);
    const stamps = all.map((e: { timestamp: string }) => e.timestamp);
    expect([...stamps].sort().reverse()).toEqual(stamps);
  });

  it('refuses a page size over 100 and a cursor from another enterprise', async () => {
    const token = admin.accessToken;
    expectProblem(
      await plane.client.get('/v1/events?limit=101', { token }),
      422,
      'validation-failed',
    );

    await renameEnterprise('Cursor Ltd');
    await renameEnterprise('Cursor Again Ltd');
    const page = await plane.client.get('/v1/events?limit=1', { token });
    const other = await signUpEnterprise(plane.client);
    const stolen = await plane.client.get(
      `/v1/events?cursor=${encodeURIComponent(page.body.nextCursor)}`,
      { token: other.accessToken },
    );
    expectProblem(stolen, 422, 'validation-failed');
  });
});
