import type { Context, Hono } from 'hono';
import type { components } from '../../api/generated/schema';
import type { ConsoleEnv } from '../env';
import { Csrf, Field, ProblemBox, type ProblemView } from '../layout';
import { problemOf, text } from '../problems';
import { FIRST_PAGE, many, page, refused } from '../render';
import { PermissionBoxes } from './permission-boxes';

type Permissions = components['schemas']['RoleCreate']['permissions'];
const HERE = '/console/roles';

export function rolePages(ui: Hono<ConsoleEnv>): void {
  const show = async (c: Context<ConsoleEnv>, problem?: ProblemView, status = 200) => {
    const api = c.get('api');
    const [roles, permissions] = await Promise.all([
      api.GET('/v1/roles', { params: { query: { limit: FIRST_PAGE } } }),
      api.GET('/v1/permissions'),
    ]);
    if (!roles.data) return refused(c, 'Roles', HERE, roles.error, roles.response);
    const csrf = c.get('csrfToken');
    return page(
      c,
      'Roles',
      HERE,
      <>
        <ProblemBox problem={problem} />
        <table>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Permissions</th>
              <th scope="col">Description</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {roles.data.items.map((r) => (
              <tr>
                <td>
                  {r.name}
                  {r.builtIn ? <span class="muted"> (built in)</span> : null}
                </td>
                <td>{r.permissions.join(', ')}</td>
                <td>{r.description}</td>
                <td>
                  {r.builtIn ? null : (
                    <form method="post" action={`${HERE}/${encodeURIComponent(r.name)}/delete`}>
                      <Csrf token={csrf} />
                      <button type="submit" class="danger" aria-label={`Delete role ${r.name}`}>
                        Delete
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2 id="new-role">Define a role</h2>
        <form method="post" action={HERE} aria-labelledby="new-role">
          <Csrf token={csrf} />
          <Field
            name="name"
            label="Name"
            required
            hint="Lower-case letters, digits and hyphens, starting with a letter."
          />
          <Field name="description" label="Description (optional)" />
          <PermissionBoxes
            legend="Permissions"
            permissions={permissions.data?.items ?? []}
            prefix="perm"
          />
          <p>
            <button type="submit">Define role</button>
          </p>
        </form>
      </>,
      status,
    );
  };

  ui.get('/roles', (c) => show(c));

  ui.post('/roles', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const description = text(form, 'description').trim();
    const { error, response } = await c.get('api').POST('/v1/roles', {
      body: {
        name: text(form, 'name'),
        permissions: many(form, 'permissions') as Permissions,
        ...(description ? { description } : {}),
      },
    });
    if (!response.ok) return show(c, problemOf(error, response.status), response.status);
    return c.redirect(HERE, 303);
  });

  ui.post('/roles/:name/delete', async (c) => {
    const { error, response } = await c
      .get('api')
      .DELETE('/v1/roles/{name}', { params: { path: { name: c.req.param('name') } } });
    if (!response.ok) return show(c, problemOf(error, response.status), response.status);
    return c.redirect(HERE, 303);
  });
}
