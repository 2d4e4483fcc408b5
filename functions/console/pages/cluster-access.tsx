import type { Context, Hono } from 'hono';
import type { components } from '../../api/generated/schema';
import type { ConsoleEnv } from '../env';
import { Csrf } from '../layout';
import { text } from '../problems';
import { FIRST_PAGE, refused } from '../render';

type Level = components['schemas']['AccessGrant']['level'];
const LEVELS: readonly Level[] = ['view', 'edit', 'admin'];
const HERE = '/console/clusters';

/**
 * The access part of a cluster page: the grants (for those who may grant), a form to grant or
 * change a level, and the kubeconfig downloads, which every caller with access may use.
 */
export async function AccessSection({
  c,
  clusterId,
}: {
  c: Context<ConsoleEnv>;
  clusterId: string;
}) {
  const api = c.get('api');
  const csrf = c.get('csrfToken');
  const base = `${HERE}/${encodeURIComponent(clusterId)}`;
  const canGrant = c.get('who')?.permissions.includes('clusters:grant') ?? false;
  const [grants, members] = canGrant
    ? await Promise.all([
        api.GET('/v1/clusters/{id}/access', { params: { path: { id: clusterId } } }),
        api.GET('/v1/members', { params: { query: { limit: FIRST_PAGE } } }),
      ])
    : [undefined, undefined];
  const people = new Map((members?.data?.items ?? []).map((m) => [m.id, m]));
  const grantable = (members?.data?.items ?? []).filter(
    (m) => m.role !== 'administrator' && m.status === 'active',
  );

  return (
    <>
      <h2>Kubeconfig</h2>
      <ul>
        <li>
          <a href={`${base}/kubeconfig?credential=exec`} download>
            Download the kubeconfig
          </a>{' '}
          <span class="muted">
            (runs the vks CLI for a fresh token before each kubectl command)
          </span>
        </li>
        <li>
          <a href={`${base}/kubeconfig?credential=token`} download>
            Download a kubeconfig with an embedded token
          </a>{' '}
          <span class="muted">(no CLI needed; the token expires soon)</span>
        </li>
      </ul>
      {canGrant ? (
        <>
          <h2>Access</h2>
          <p class="muted">The administrator holds admin on every cluster.</p>
          {grants?.data?.items.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Level</th>
                  <th scope="col">Since</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {grants.data.items.map((g) => (
                  <tr>
                    <td>{people.get(g.accountId)?.email ?? g.accountId}</td>
                    <td>{g.level}</td>
                    <td>{g.grantedAt}</td>
                    <td>
                      <form
                        method="post"
                        action={`${base}/access/${encodeURIComponent(g.accountId)}/revoke`}
                      >
                        <Csrf token={csrf} />
                        <button
                          type="submit"
                          class="danger"
                          aria-label={`Revoke access of ${people.get(g.accountId)?.email ?? g.accountId}`}
                        >
                          Revoke
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">No member has been granted access yet.</p>
          )}
          {grantable.length ? (
            <form method="post" action={`${base}/access`} class="actions" aria-label="Grant access">
              <Csrf token={csrf} />
              <label for="grant-member">Member</label>
              <select id="grant-member" name="accountId">
                {grantable.map((m) => (
                  <option value={m.id}>{m.email}</option>
                ))}
              </select>
              <label for="grant-level">Level</label>
              <select id="grant-level" name="level">
                {LEVELS.map((l) => (
                  <option value={l} selected={l === 'edit'}>
                    {l}
                  </option>
                ))}
              </select>
              <button type="submit" class="secondary">
                Grant access
              </button>
            </form>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export function clusterAccessPages(ui: Hono<ConsoleEnv>): void {
  ui.get('/clusters/:id/kubeconfig', async (c) => {
    const id = c.req.param('id');
    const credential = c.req.query('credential') === 'token' ? 'token' : 'exec';
    const api = c.get('api');
    const cluster = await api.GET('/v1/clusters/{id}', { params: { path: { id } } });
    if (!cluster.data) return refused(c, 'Kubeconfig', HERE, cluster.error, cluster.response);
    const { data, error, response } = await api.GET('/v1/clusters/{id}/kubeconfig', {
      params: { path: { id }, query: { credential } },
      parseAs: 'text',
    });
    if (data === undefined) return refused(c, 'Kubeconfig', HERE, error, response);
    return c.body(data, 200, {
      'content-type': 'application/yaml; charset=utf-8',
      'content-disposition': `attachment; filename="${cluster.data.name}.kubeconfig"`,
    });
  });

  ui.post('/clusters/:id/access', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const { error, response } = await c.get('api').PUT('/v1/clusters/{id}/access/{accountId}', {
      params: { path: { id, accountId: text(form, 'accountId') } },
      body: { level: text(form, 'level') as Level },
    });
    if (!response.ok) return refused(c, 'Cluster access', HERE, error, response);
    return c.redirect(`${HERE}/${encodeURIComponent(id)}`, 303);
  });

  ui.post('/clusters/:id/access/:accountId/revoke', async (c) => {
    const id = c.req.param('id');
    const { error, response } = await c.get('api').DELETE('/v1/clusters/{id}/access/{accountId}', {
      params: { path: { id, accountId: c.req.param('accountId') } },
    });
    if (!response.ok) return refused(c, 'Cluster access', HERE, error, response);
    return c.redirect(`${HERE}/${encodeURIComponent(id)}`, 303);
  });
}
