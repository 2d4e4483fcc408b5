import type { Context, Hono } from 'hono';
import type { components } from '../../api/generated/schema';
import type { ConsoleEnv } from '../env';
import { Csrf, Field, Notice, ProblemBox, type ProblemView } from '../layout';
import { problemOf, text } from '../problems';
import { FIRST_PAGE, many, page, refused } from '../render';
import { PermissionBoxes } from './permission-boxes';

type Permissions = components['schemas']['ApiKeyCreate']['permissions'];
const HERE = '/console/api-keys';

export function apiKeyPages(ui: Hono<ConsoleEnv>): void {
  const show = async (
    c: Context<ConsoleEnv>,
    extra: { problem?: ProblemView; created?: string } = {},
    status = 200,
  ) => {
    const api = c.get('api');
    const [keys, permissions] = await Promise.all([
      api.GET('/v1/api-keys', { params: { query: { limit: FIRST_PAGE } } }),
      api.GET('/v1/permissions'),
    ]);
    if (!keys.data) return refused(c, 'API keys', HERE, keys.error, keys.response);
    const csrf = c.get('csrfToken');
    return page(
      c,
      'API keys',
      HERE,
      <>
        {extra.created ? (
          <Notice>
            <p>The key is shown this once; store it now:</p>
            <code class="secret">{extra.created}</code>
          </Notice>
        ) : null}
        <ProblemBox problem={extra.problem} />
        {keys.data.items.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Permissions</th>
                <th scope="col">Last used</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((k) => (
                <tr>
                  <td>{k.name}</td>
                  <td>
                    <code>
                      {k.prefix}…{k.lastCharacters}
                    </code>
                  </td>
                  <td>{k.permissions.join(', ')}</td>
                  <td>{k.lastUsedAt ?? 'never'}</td>
                  <td>
                    {k.revokedAt ? (
                      `revoked ${k.revokedAt}`
                    ) : (
                      <form method="post" action={`${HERE}/${encodeURIComponent(k.id)}/revoke`}>
                        <Csrf token={csrf} />
                        <button type="submit" class="danger" aria-label={`Revoke key ${k.name}`}>
                          Revoke
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">No API keys yet.</p>
        )}
        <h2 id="new-key">Create a key</h2>
        <form method="post" action={HERE} aria-labelledby="new-key">
          <Csrf token={csrf} />
          <Field name="name" label="Name" required hint="What uses the key, e.g. ci-pipeline." />
          <PermissionBoxes
            legend="Permissions the key may use"
            permissions={permissions.data?.items ?? []}
            prefix="key"
          />
          <p>
            <button type="submit">Create key</button>
          </p>
        </form>
      </>,
      status,
    );
  };

  ui.get('/api-keys', (c) => show(c));

  ui.post('/api-keys', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const { data, error, response } = await c.get('api').POST('/v1/api-keys', {
      body: { name: text(form, 'name'), permissions: many(form, 'permissions') as Permissions },
    });
    if (!data) return show(c, { problem: problemOf(error, response.status) }, response.status);
    return show(c, { created: data.key }, 201);
  });

  ui.post('/api-keys/:id/revoke', async (c) => {
    const { error, response } = await c
      .get('api')
      .DELETE('/v1/api-keys/{id}', { params: { path: { id: c.req.param('id') } } });
    if (!response.ok)
      return show(c, { problem: problemOf(error, response.status) }, response.status);
    return c.redirect(HERE, 303);
  });
}
