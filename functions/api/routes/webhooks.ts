import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { MAX_URL_LENGTH } from '../../../shared/webhooks/destination-policy';
import {
  createWebhook,
  deleteWebhook,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhook,
} from '../../../shared/services/webhook-service';
import { listAttempts } from '../../../shared/store/delivery-store';
import { getEndpoint, listEndpoints, toEndpoint } from '../../../shared/store/webhook-store';
import type { ApiDependencies, ApiEnv } from '../env';
import { etagOf, versionFromIfMatch } from '../etag';
import { auditContext } from '../middleware/request-context';
import { authErrors, commonErrors, guarded, jsonBody, jsonContent, pick } from '../openapi';
import { PageQuery } from '../schemas';
import { EventTypeName } from './events';

const Url = z.string().min(1).max(MAX_URL_LENGTH).openapi({
  description: 'Where deliveries are POSTed: https, on a public address.',
  example: 'https://hooks.example.com/vks',
});
const EventTypeList = z.array(EventTypeName).min(1).max(32);
const Description = z.string().trim().max(500);

const CreateWebhook = z
  .strictObject({ url: Url, eventTypes: EventTypeList, description: Description.optional() })
  .openapi('CreateWebhook');

const PatchWebhook = z
  .strictObject({
    url: Url.optional(),
    eventTypes: EventTypeList.optional(),
    description: Description.nullable().optional(),
    enabled: z.boolean().optional().openapi({
      description: 'Re-enable a disabled endpoint, or pause one.',
    }),
  })
  .openapi('PatchWebhook');

const WebhookSchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    url: z.string(),
    eventTypes: z.array(EventTypeName).readonly(),
    description: z.string().nullable(),
    status: z.enum(['enabled', 'disabled']),
    disabledReason: z.string().nullable(),
    failingSince: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .openapi('Webhook');

const WebhookWithSecret = WebhookSchema.extend({
  secret: z.string().openapi({
    description: 'The signing secret (`whsec_` and base64). Shown this once; store it now.',
  }),
}).openapi('WebhookWithSecret');

const WebhookPage = z
  .object({ items: z.array(WebhookSchema), nextCursor: z.string().optional() })
  .openapi('WebhookPage');

const AttemptSchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string(),
    eventType: EventTypeName,
    attempt: z.number().int(),
    at: z.string(),
    success: z.boolean(),
    statusCode: z.number().int().nullable(),
    durationMs: z.number().int(),
    error: z.string().nullable(),
  })
  .openapi('DeliveryAttempt');

const AttemptPage = z
  .object({ items: z.array(AttemptSchema), nextCursor: z.string().optional() })
  .openapi('DeliveryAttemptPage');

const IdParam = z.object({ id: z.string().min(1).max(64) });
const etagHeader = { etag: { schema: { type: 'string' as const } } };

export function webhookRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  const guard = guarded(deps, 'webhooks:manage');

  // Known limitation: registration does not take an Idempotency-Key. The idempotency middleware
  // keeps the first answer to replay it, and that answer holds the signing secret, which must be
  // neither stored in the clear nor shown twice. A client that lost the answer deletes the
  // endpoint and registers again.

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks',
      tags: ['Webhooks'],
      summary: 'Register a webhook endpoint',
      description:
        'The URL is refused (`422`, nothing stored) unless it is https and every address its ' +
        'host resolves to is public. The signing secret is in this answer and never again.',
      ...guard,
      request: { body: jsonBody(CreateWebhook) },
      responses: {
        201: jsonContent(WebhookWithSecret, 'The endpoint, with its signing secret.'),
        ...commonErrors,
        ...authErrors,
        ...pick(409, 413, 415),
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      const { endpoint, secret } = await createWebhook(
        deps,
        principal.enterpriseId,
        c.req.valid('json'),
        auditContext(c),
      );
      c.header('location', `/v1/webhooks/${endpoint.id}`);
      c.header('etag', etagOf(endpoint.version));
      return c.json({ ...endpoint, secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks',
      tags: ['Webhooks'],
      summary: 'The enterprise’s webhook endpoints',
      ...guard,
      request: { query: PageQuery },
      responses: { 200: jsonContent(WebhookPage, 'One page.'), ...commonErrors, ...authErrors },
    }),
    async (c) => {
      const page = await listEndpoints(
        deps.table,
        c.get('principal').enterpriseId,
        c.req.valid('query'),
      );
      return c.json({ ...page, items: page.items.map(toEndpoint) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks/{id}',
      tags: ['Webhooks'],
      summary: 'One webhook endpoint',
      ...guard,
      request: { params: IdParam },
      responses: {
        200: { ...jsonContent(WebhookSchema, 'The endpoint.'), headers: etagHeader },
        ...authErrors,
        ...pick(404),
      },
    }),
    async (c) => {
      const endpoint = await getEndpoint(
        deps.table,
        c.get('principal').enterpriseId,
        c.req.valid('param').id,
      );
      c.header('etag', etagOf(endpoint.version));
      return c.json(toEndpoint(endpoint), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/webhooks/{id}',
      tags: ['Webhooks'],
      summary: 'Change a webhook endpoint',
      description: 'A new URL is checked as at registration. Send `If-Match` with the `ETag`.',
      ...guard,
      request: {
        params: IdParam,
        headers: z.object({ 'if-match': z.string().max(100).optional() }),
        body: jsonBody(PatchWebhook),
      },
      responses: {
        200: { ...jsonContent(WebhookSchema, 'The changed endpoint.'), headers: etagHeader },
        ...commonErrors,
        ...authErrors,
        ...pick(404, 412, 413, 415),
      },
    }),
    async (c) => {
      const endpoint = await updateWebhook(
        deps,
        c.get('principal').enterpriseId,
        c.req.valid('param').id,
        c.req.valid('json'),
        versionFromIfMatch(c.req.header('if-match')),
        auditContext(c),
      );
      c.header('etag', etagOf(endpoint.version));
      return c.json(endpoint, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/webhooks/{id}',
      tags: ['Webhooks'],
      summary: 'Delete a webhook endpoint',
      description: 'Deliveries still waiting for it are cancelled.',
      ...guard,
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted.' }, ...authErrors, ...pick(404) },
    }),
    async (c) => {
      await deleteWebhook(
        deps,
        c.get('principal').enterpriseId,
        c.req.valid('param').id,
        auditContext(c),
      );
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks/{id}/rotate-secret',
      tags: ['Webhooks'],
      summary: 'Rotate the signing secret',
      description:
        'For 24 hours after a rotation every delivery is signed with both the new and the ' +
        'previous secret, so receivers can switch without missing a delivery.',
      ...guard,
      request: { params: IdParam },
      responses: {
        200: jsonContent(WebhookWithSecret, 'The endpoint, with its new signing secret.'),
        ...authErrors,
        ...pick(404, 409),
      },
    }),
    async (c) => {
      const { endpoint, secret } = await rotateWebhookSecret(
        deps,
        c.get('principal').enterpriseId,
        c.req.valid('param').id,
        auditContext(c),
      );
      c.header('etag', etagOf(endpoint.version));
      return c.json({ ...endpoint, secret }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks/{id}/test',
      tags: ['Webhooks'],
      summary: 'Send a webhook.test event to this endpoint',
      description: 'Delivered like any event; its attempts appear in the delivery log.',
      ...guard,
      request: { params: IdParam },
      responses: {
        202: jsonContent(
          z.object({ eventId: z.string() }).openapi('TestDelivery'),
          'The test event is queued for delivery.',
        ),
        ...authErrors,
        ...pick(404, 409),
      },
    }),
    async (c) => {
      const event = await sendTestEvent(
        deps,
        c.get('principal').enterpriseId,
        c.req.valid('param').id,
        auditContext(c),
      );
      return c.json({ eventId: event.id }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks/{id}/deliveries',
      tags: ['Webhooks'],
      summary: 'The delivery log of an endpoint, newest attempt first',
      ...guard,
      request: { params: IdParam, query: PageQuery },
      responses: {
        200: jsonContent(AttemptPage, 'One page of attempts.'),
        ...commonErrors,
        ...authErrors,
        ...pick(404),
      },
    }),
    async (c) => {
      const enterpriseId = c.get('principal').enterpriseId;
      const { id } = c.req.valid('param');
      await getEndpoint(deps.table, enterpriseId, id);
      return c.json(await listAttempts(deps.table, enterpriseId, id, c.req.valid('query')), 200);
    },
  );
}
