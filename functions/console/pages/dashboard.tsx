import type { Child } from 'hono/jsx';
import type { Hono } from 'hono';
import type { ConsoleEnv } from '../env';
import { Layout, ProblemBox } from '../layout';
import { pageStatus, problemOf } from '../problems';

export function dashboardPage(ui: Hono<ConsoleEnv>): void {
  ui.get('/', async (c) => {
    const page = (body: Child, status = 200) =>
      c.html(
        <Layout
          title="Dashboard"
          who={c.get('who')}
          csrfToken={c.get('csrfToken')}
          current="/console"
        >
          {body}
        </Layout>,
        pageStatus(status),
      );

    const { data, error, response } = await c.get('api').GET('/v1/enterprise');
    if (!data)
      return page(<ProblemBox problem={problemOf(error, response.status)} />, response.status);

    const { total, perType } = data.parallelismLimit;
    return page(
      <>
        <h2>GPU limits of {data.name}</h2>
        <p>
          Your enterprise may provision up to <strong>{total}</strong> GPUs in all.
        </p>
        <table>
          <caption class="muted">Limits per GPU type</caption>
          <thead>
            <tr>
              <th scope="col">GPU type</th>
              <th scope="col">Limit</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(perType).map(([type, limit]) => (
              <tr>
                <td>{type}</td>
                <td>{limit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  });
}
