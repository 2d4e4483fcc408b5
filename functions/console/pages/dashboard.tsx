import type { Hono } from 'hono';
import { GpuChart } from '../chart';
import type { ConsoleEnv } from '../env';
import { page, refused } from '../render';

const HERE = '/console';

export function dashboardPage(ui: Hono<ConsoleEnv>): void {
  ui.get('/', async (c) => {
    const api = c.get('api');
    const [enterprise, usage] = await Promise.all([
      api.GET('/v1/enterprise'),
      api.GET('/v1/usage'),
    ]);
    if (!usage.data) return refused(c, 'Dashboard', HERE, usage.error, usage.response);

    const { total, perType } = usage.data;
    const bars = [
      { label: 'all types', limit: total.limit, reserved: total.reserved, free: total.free },
      ...Object.entries(perType).map(([label, line]) => ({
        label,
        limit: line.limit,
        reserved: line.reserved,
        free: line.free,
      })),
    ];
    return page(
      c,
      'Dashboard',
      HERE,
      <>
        <h2>GPUs reserved against limits{enterprise.data ? ` in ${enterprise.data.name}` : ''}</h2>
        <p>
          <strong>{total.reserved}</strong> of <strong>{total.limit}</strong> GPUs reserved;{' '}
          {total.free} free.
        </p>
        <GpuChart bars={bars} scale={total.limit} />
        <table>
          <caption class="muted">The same numbers as a table</caption>
          <thead>
            <tr>
              <th scope="col">GPU type</th>
              <th scope="col">Reserved</th>
              <th scope="col">Limit</th>
              <th scope="col">Free</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr>
                <td>{b.label}</td>
                <td>{b.reserved}</td>
                <td>{b.limit ?? `no cap of its own (${total.limit} in all)`}</td>
                <td>{b.free ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a href="/console/clusters">See the virtual clusters</a>
        </p>
      </>,
    );
  });
}
