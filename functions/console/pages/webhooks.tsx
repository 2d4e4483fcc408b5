import type { Child } from 'hono/jsx';
import type { Context, Hono } from 'hono';
import type { components } from '../../api/generated/schema';
import { FIRST_PAGE } from '../render';
import type { ConsoleEnv } from '../env';
import { Csrf, Field, Layout, Notice, ProblemBox, type ProblemView } from '../layout';
import { pageStatus, problemOf, text } from '../problems';

type Webhook = components['schemas']['Webhook'];
type EventTypes = Webhook['eventTypes'];

function page(c: Context<ConsoleEnv>, title: string, body: Child, status = 200) {
  return c.html(
    <Layout
      title={title}
      who={c.get('who')}
      csrfToken={c.get('csrfToken')}
      current="/console/webhooks"
    >
      {body}
    </Layout>,
    pageStatus(status),
  );
}

const WebhookTable = ({ hooks }: { hooks: readonly Webhook[] }) =>
  hooks.length ? (
    <table>
      <thead>
        <tr>
          <th scope="col">URL</th>
          <th scope="col">Events</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {hooks.map((h) => (
          <tr>
            <td>
              <a href={`/console/webhooks/${encodeURIComponent(h.id)}`}>{h.url}</a>
            </td>
            <td>{h.eventTypes.join(', ')}</td>
            <td class={`status status-${h.status}`}>{h.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  ) : (
    <p class="muted">No webhook endpoints yet.</p>
  );

const CreateForm = (p: {
  csrf: string;
  eventTypes: readonly { type: string; description: string }[];
  problem?: ProblemView;
}) => (
  <>
    <h2 id="new-webhook">Register an endpoint</h2>
    <ProblemBox problem={p.problem} />
    <form method="post" action="/console/webhooks" aria-labelledby="new-webhook">
      <Csrf token={p.csrf} />
      <Field
        name="url"
        label="Endpoint URL"
        type="url"
        required
        hint="https, on a public address."
      />
      <Field name="description" label="Description (optional)" />
      <fieldset>
        <legend>Events to deliver</legend>
        {p.eventTypes.map((t) => (
          <div>
            <input type="checkbox" id={`ev-${t.type}`} name="eventTypes" value={t.type} />{' '}
            <label for={`ev-${t.type}`} class="inline">
              <code>{t.type}</code> <span class="muted">{t.description}</span>
            </label>
          </div>
        ))}
      </fieldset>
      <p>
        <button type="submit">Register</button>
      </p>
    </form>
  </>
);

export function webhookPages(ui: Hono<ConsoleEnv>): void {
  const listPage = async (
    c: Context<ConsoleEnv>,
    extra: { problem?: ProblemView; created?: { id: string; secret: string } },
    status = 200,
  ) => {
    const api = c.get('api');
    const [hooks, types] = await Promise.all([
      api.GET('/v1/webhooks', { params: { query: { limit: FIRST_PAGE } } }),
      api.GET('/v1/event-types'),
    ]);
    if (!hooks.data)
      return page(
        c,
        'Webhooks',
        <ProblemBox problem={problemOf(hooks.error, hooks.response.status)} />,
        hooks.response.status,
      );
    return page(
      c,
      'Webhooks',
      <>
        {extra.created ? (
          <Notice>
            <p>Endpoint registered. Its signing secret is shown this once; store it now:</p>
            <code class="secret">{extra.created.secret}</code>
          </Notice>
        ) : null}
        <WebhookTable hooks={hooks.data.items} />
        <CreateForm
          csrf={c.get('csrfToken')}
          eventTypes={types.data?.items ?? []}
          problem={extra.problem}
        />
      </>,
      status,
    );
  };

  ui.get('/webhooks', (c) => listPage(c, {}));

  ui.post('/webhooks', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const chosen = form.eventTypes;
    const eventTypes = (Array.isArray(chosen) ? chosen : chosen ? [chosen] : []).filter(
      (v): v is string => typeof v === 'string',
    );
    const description = text(form, 'description').trim();
    const { data, error, response } = await c.get('api').POST('/v1/webhooks', {
      body: {
        url: text(form, 'url'),
        eventTypes: eventTypes as EventTypes,
        ...(description ? { description } : {}),
      },
    });
    if (!data) return listPage(c, { problem: problemOf(error, response.status) }, response.status);
    return listPage(c, { created: { id: data.id, secret: data.secret } }, 201);
  });

  ui.get('/webhooks/:id', async (c) => {
    const id = c.req.param('id');
    const api = c.get('api');
    const [hook, attempts] = await Promise.all([
      api.GET('/v1/webhooks/{id}', { params: { path: { id } } }),
      api.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: 50 } } }),
    ]);
    if (!hook.data)
      return page(
        c,
        'Webhook',
        <ProblemBox problem={problemOf(hook.error, hook.response.status)} />,
        hook.response.status,
      );
    const h = hook.data;
    const notice = c.req.query('done');
    return page(
      c,
      `Webhook ${h.url}`,
      <>
        {notice === 'test' ? (
          <Notice>A webhook.test event is queued; its attempts appear below.</Notice>
        ) : null}
        <dl>
          <dt>Status</dt>
          <dd class={`status status-${h.status}`}>{h.status}</dd>
          {h.disabledReason ? (
            <>
              <dt>Disabled because</dt>
              <dd>{h.disabledReason}</dd>
            </>
          ) : null}
          <dt>Events</dt>
          <dd>{h.eventTypes.join(', ')}</dd>
          <dt>Description</dt>
          <dd>{h.description ?? '—'}</dd>
        </dl>
        <div class="actions">
          <form method="post" action={`/console/webhooks/${encodeURIComponent(h.id)}/test`}>
            <Csrf token={c.get('csrfToken')} />
            <button type="submit" class="secondary">
              Send a test event
            </button>
          </form>
          <form method="post" action={`/console/webhooks/${encodeURIComponent(h.id)}/delete`}>
            <Csrf token={c.get('csrfToken')} />
            <button type="submit" class="danger">
              Delete endpoint
            </button>
          </form>
        </div>
        <h2>Delivery log</h2>
        {attempts.data?.items.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">At</th>
                <th scope="col">Event</th>
                <th scope="col">Attempt</th>
                <th scope="col">Result</th>
                <th scope="col">HTTP status</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {attempts.data.items.map((a) => (
                <tr>
                  <td>{a.at}</td>
                  <td>{a.eventType}</td>
                  <td>{a.attempt}</td>
                  <td class={a.success ? 'status status-enabled' : 'status status-disabled'}>
                    {a.success ? 'delivered' : 'failed'}
                  </td>
                  <td>{a.statusCode ?? '—'}</td>
                  <td>{a.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">No delivery attempts yet.</p>
        )}
      </>,
    );
  });

  ui.post('/webhooks/:id/test', async (c) => {
    const id = c.req.param('id');
    const { error, response } = await c
      .get('api')
      .POST('/v1/webhooks/{id}/test', { params: { path: { id } } });
    if (!response.ok)
      return page(
        c,
        'Webhook',
        <ProblemBox problem={problemOf(error, response.status)} />,
        response.status,
      );
    return c.redirect(`/console/webhooks/${encodeURIComponent(id)}?done=test`, 303);
  });

  ui.post('/webhooks/:id/delete', async (c) => {
    const id = c.req.param('id');
    const { error, response } = await c
      .get('api')
      .DELETE('/v1/webhooks/{id}', { params: { path: { id } } });
    if (!response.ok)
      return page(
        c,
        'Webhook',
        <ProblemBox problem={problemOf(error, response.status)} />,
        response.status,
      );
    return c.redirect('/console/webhooks', 303);
  });
}
