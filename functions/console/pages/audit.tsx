import type { Hono } from 'hono';
import type { ConsoleEnv } from '../env';
import { page, refused } from '../render';

const HERE = '/console/audit';

export function auditPage(ui: Hono<ConsoleEnv>): void {
  ui.get('/audit', async (c) => {
    const action = c.req.query('action')?.trim() || undefined;
    const cursor = c.req.query('cursor') || undefined;
    const { data, error, response } = await c.get('api').GET('/v1/audit-events', {
      params: {
        query: { limit: 50, ...(action ? { action } : {}), ...(cursor ? { cursor } : {}) },
      },
    });
    if (!data) return refused(c, 'Audit log', HERE, error, response);
    const next = data.nextCursor
      ? `${HERE}?${new URLSearchParams({ ...(action ? { action } : {}), cursor: data.nextCursor })}`
      : undefined;
    return page(
      c,
      'Audit log',
      HERE,
      <>
        <form method="get" action={HERE} class="actions" role="search">
          <label for="f-action">Action</label>
          <input
            id="f-action"
            name="action"
            value={action}
            placeholder="e.g. member.role_changed"
          />
          <button type="submit" class="secondary">
            Filter
          </button>
        </form>
        <table>
          <thead>
            <tr>
              <th scope="col">At</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((e) => (
              <tr>
                <td>{e.at}</td>
                <td>
                  {e.actor.kind}
                  {e.actor.id ? ` ${e.actor.id}` : ''}
                </td>
                <td>{e.action}</td>
                <td>
                  {e.target.type} {e.target.id}
                </td>
                <td>{e.sourceIp ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {next ? <a href={next}>Older entries</a> : null}
      </>,
    );
  });
}
