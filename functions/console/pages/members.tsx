import type { Context, Hono } from 'hono';
import type { components } from '../../api/generated/schema';
import type { ConsoleEnv } from '../env';
import { Csrf, Field, Notice, ProblemBox, type ProblemView } from '../layout';
import { problemOf, text } from '../problems';
import { FIRST_PAGE, page, refused } from '../render';

type Role = components['schemas']['Role'];
const HERE = '/console/members';

const RoleSelect = ({
  id,
  roles,
  value,
  label,
}: {
  id: string;
  roles: readonly Role[];
  value?: string;
  label: string;
}) => (
  <>
    <label for={id}>{label}</label>
    <select id={id} name="role">
      {roles
        .filter((r) => r.name !== 'administrator')
        .map((r) => (
          <option value={r.name} selected={r.name === value}>
            {r.name}
          </option>
        ))}
    </select>
  </>
);

export function memberPages(ui: Hono<ConsoleEnv>): void {
  const show = async (
    c: Context<ConsoleEnv>,
    extra: { problem?: ProblemView; invited?: { email: string; link: string } } = {},
    status = 200,
  ) => {
    const api = c.get('api');
    const [members, invitations, roles] = await Promise.all([
      api.GET('/v1/members', { params: { query: { limit: FIRST_PAGE } } }),
      api.GET('/v1/invitations', { params: { query: { limit: FIRST_PAGE } } }),
      api.GET('/v1/roles', { params: { query: { limit: FIRST_PAGE } } }),
    ]);
    if (!members.data) return refused(c, 'Members', HERE, members.error, members.response);
    const roleList = roles.data?.items ?? [];
    const csrf = c.get('csrfToken');
    return page(
      c,
      'Members',
      HERE,
      <>
        {extra.invited ? (
          <Notice>
            <p>
              {extra.invited.email} is invited. Send them this link; it is shown this once and works
              for 7 days:
            </p>
            <code class="secret">{extra.invited.link}</code>
          </Notice>
        ) : null}
        <ProblemBox problem={extra.problem} />
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {members.data.items.map((m) => (
              <tr>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>{m.role}</td>
                <td>{m.status}</td>
                <td>
                  {m.role === 'administrator' || m.status !== 'active' ? null : (
                    <div class="actions">
                      <form method="post" action={`${HERE}/${encodeURIComponent(m.id)}/role`}>
                        <Csrf token={csrf} />
                        <RoleSelect
                          id={`role-${m.id}`}
                          roles={roleList}
                          value={m.role}
                          label={`Role of ${m.name}`}
                        />{' '}
                        <button type="submit" class="secondary">
                          Change role
                        </button>
                      </form>
                      <form method="post" action={`${HERE}/${encodeURIComponent(m.id)}/remove`}>
                        <Csrf token={csrf} />
                        <button type="submit" class="danger" aria-label={`Remove ${m.name}`}>
                          Remove
                        </button>
                      </form>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2 id="invite">Invite a member</h2>
        <form method="post" action={`${HERE}/invite`} aria-labelledby="invite">
          <Csrf token={csrf} />
          <Field name="email" label="E-mail" type="email" required />
          <div class="field">
            <RoleSelect id="invite-role" roles={roleList} value="member" label="Role" />
          </div>
          <button type="submit">Invite</button>
        </form>

        <h2>Invitations</h2>
        {invitations.data?.items.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Expires</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {invitations.data.items.map((i) => (
                <tr>
                  <td>{i.email}</td>
                  <td>{i.role}</td>
                  <td>{i.status}</td>
                  <td>{i.expiresAt}</td>
                  <td>
                    {i.status === 'pending' ? (
                      <form
                        method="post"
                        action={`/console/invitations/${encodeURIComponent(i.id)}/revoke`}
                      >
                        <Csrf token={csrf} />
                        <button
                          type="submit"
                          class="secondary"
                          aria-label={`Revoke the invitation of ${i.email}`}
                        >
                          Revoke
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">No invitations.</p>
        )}
      </>,
      status,
    );
  };

  ui.get('/members', (c) => show(c));

  ui.post('/members/invite', async (c) => {
    const form = await c.req.parseBody();
    const email = text(form, 'email');
    const { data, error, response } = await c.get('api').POST('/v1/invitations', {
      body: { email, role: text(form, 'role') || 'member' },
    });
    if (!data) return show(c, { problem: problemOf(error, response.status) }, response.status);
    const link = `${new URL(c.req.url).origin}/console/invitations/accept?token=${encodeURIComponent(data.token)}`;
    return show(c, { invited: { email: data.email, link } }, 201);
  });

  ui.post('/members/:id/role', async (c) => {
    const form = await c.req.parseBody();
    const { error, response } = await c.get('api').PATCH('/v1/members/{id}', {
      params: { path: { id: c.req.param('id') } },
      body: { role: text(form, 'role') },
    });
    if (!response.ok)
      return show(c, { problem: problemOf(error, response.status) }, response.status);
    return c.redirect(HERE, 303);
  });

  ui.post('/members/:id/remove', async (c) => {
    const { error, response } = await c
      .get('api')
      .DELETE('/v1/members/{id}', { params: { path: { id: c.req.param('id') } } });
    if (!response.ok)
      return show(c, { problem: problemOf(error, response.status) }, response.status);
    return c.redirect(HERE, 303);
  });

  ui.post('/invitations/:id/revoke', async (c) => {
    const { error, response } = await c
      .get('api')
      .DELETE('/v1/invitations/{id}', { params: { path: { id: c.req.param('id') } } });
    if (!response.ok)
      return show(c, { problem: problemOf(error, response.status) }, response.status);
    return c.redirect(HERE, 303);
  });
}
