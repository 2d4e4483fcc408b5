import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { EventTypes, type EventType } from '../../../shared/domain/events';
import { listEvents } from '../../../shared/store/event-store';
import type { ApiDependencies, ApiEnv } from '../env';
import { authErrors, commonErrors, guarded, jsonContent } from '../openapi';
import { PageQuery } from '../schemas';

export const EventTypeName = z
  .enum(Object.keys(EventTypes) as [EventType, ...EventType[]])
  .openapi('EventType');

const EventSchema = z
  .object({
    id: z.string().openapi({ example: 'evt_4f0c9a1be2d34c5e8f60718293a4b5c6' }),
    type: EventTypeName,
    timestamp: z.string(),
    enterpriseId: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('Event');

const EventPage = z
  .object({ items: z.array(EventSchema), nextCursor: z.string().optional() })
  .openapi('EventPage');

const EventTypeList = z
  .object({ items: z.array(z.object({ type: EventTypeName, description: z.string() })) })
  .openapi('EventTypeList');

export function eventRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/event-types',
      tags: ['Events'],
      summary: 'The catalogue of event types',
      description: 'Every type that `GET /v1/events` lists and webhook endpoints can subscribe to.',
      ...guarded(deps),
      responses: { 200: jsonContent(EventTypeList, 'The catalogue.'), ...authErrors },
    }),
    (c) =>
      c.json(
        {
          items: Object.entries(EventTypes).map(([type, description]) => ({
            type: type as EventType,
            description,
          })),
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/events',
      tags: ['Events'],
      summary: 'The enterprise’s events, newest first',
      description: 'For integrations that poll instead of receiving webhooks.',
      ...guarded(deps, 'events:read'),
      request: { query: PageQuery },
      responses: {
        200: jsonContent(EventPage, 'One page of events.'),
        ...commonErrors,
        ...authErrors,
      },
    }),
    async (c) => {
      const page = await listEvents(
        deps.table,
        c.get('principal').enterpriseId,
        c.req.valid('query'),
      );
      return c.json(page, 200);
    },
  );
}
