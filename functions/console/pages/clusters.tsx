import type { Context, Hono } from 'hono';
import type { components } from '../../api/generated/schema';
import type { ConsoleEnv } from '../env';
import { Csrf, Field, ProblemBox, type ProblemView } from '../layout';
import { problemOf, text } from '../problems';
import { FIRST_PAGE, page, refused } from '../render';
import { AccessSection } from './cluster-access';

type Cluster = components['schemas']['VirtualCluster'];
type GpuType = components['schemas']['GpuType'];
const HERE = '/console/clusters';

const limitsOf = (c: Cluster) =>
  Object.entries(c.gpuLimits)
    .map(([type, n]) => `${n} × ${type}`)
    .join(', ') || '—';

/** The GPU counts typed into the form, one number input per catalogue type; blanks are zero. */
export function gpuLimitsFrom(
  form: Record<string, unknown>,
  types: readonly GpuType[],
): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const t of types) {
    const raw = text(form, `gpu-${t.type}`).trim();
    if (raw === '') continue;
    const n = Number(raw);
    limits[t.type] = Number.isInteger(n) ? n : Number.NaN;
  }
  return Object.fromEntries(Object.entries(limits).filter(([, n]) => n !== 0));
}

export const GpuInputs = ({
  types,
  values,
}: {
  types: readonly GpuType[];
  values?: Record<string, number>;
}) => (
  <fieldset>
    <legend>GPU limits: the most GPUs of each type the cluster may use</legend>
    {types.map((t) => (
      <div class="field">
        <label for={`gpu-${t.type}`}>
          {t.displayName}{' '}
          <span class="muted">
            ({t.type}, {t.gpusPerNode} per {t.instanceType} node)
          </span>
        </label>
        <input
          id={`gpu-${t.type}`}
          name={`gpu-${t.type}`}
          type="number"
          min={0}
          value={values?.[t.type]?.toString() ?? ''}
        />
      </div>
    ))}
  </fieldset>
);

const StatusCell = ({ c }: { c: Cluster }) => (
  <span class={`status status-${c.status}`} data-status-of={c.id}>
    {c.status}
  </span>
);

export function clusterPages(ui: Hono<ConsoleEnv>): void {
  const show = async (c: Context<ConsoleEnv>, problem?: ProblemView, status = 200) => {
    const api = c.get('api');
    const [clusters, types] = await Promise.all([
      api.GET('/v1/clusters', { params: { query: { limit: FIRST_PAGE } } }),
      api.GET('/v1/gpu-types'),
    ]);
    if (!clusters.data) return refused(c, 'Clusters', HERE, clusters.error, clusters.response);
    const live = clusters.data.items.filter((x) => x.status !== 'DELETED');
    return page(
      c,
      'Virtual clusters',
      HERE,
      <>
        <div data-live={`${HERE}/status`}>
          {live.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">GPU limits</th>
                  <th scope="col">Namespace</th>
                </tr>
              </thead>
              <tbody>
                {live.map((x) => (
                  <tr>
                    <td>
                      <a href={`${HERE}/${encodeURIComponent(x.id)}`}>{x.name}</a>
                    </td>
                    <td>
                      <StatusCell c={x} />
                    </td>
                    <td>{limitsOf(x)}</td>
                    <td>
                      <code>{x.namespace}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">No virtual clusters yet.</p>
          )}
          <p class="muted">
            Statuses update by themselves. <a href={HERE}>Refresh</a>
          </p>
        </div>
        <h2 id="new-cluster">Create a virtual cluster</h2>
        <ProblemBox problem={problem} />
        <form method="post" action={HERE} aria-labelledby="new-cluster">
          <Csrf token={c.get('csrfToken')} />
          <Field
            name="name"
            label="Name"
            required
            hint="Lower-case letters, digits and hyphens, up to 40."
          />
          <GpuInputs types={types.data?.items ?? []} />
          <button type="submit">Create cluster</button>
        </form>
      </>,
      status,
    );
  };

  ui.get('/clusters', (c) => show(c));

  /** `{ id: status }` of every cluster, for the live status script. */
  ui.get('/clusters/status', async (c) => {
    const { data, response } = await c
      .get('api')
      .GET('/v1/clusters', { params: { query: { limit: FIRST_PAGE } } });
    if (!data) return c.json({}, response.status === 401 ? 401 : 502);
    return c.json(Object.fromEntries(data.items.map((x) => [x.id, x.status])));
  });

  ui.post('/clusters', async (c) => {
    const form = await c.req.parseBody();
    const types = (await c.get('api').GET('/v1/gpu-types')).data?.items ?? [];
    const { data, error, response } = await c.get('api').POST('/v1/clusters', {
      body: { name: text(form, 'name'), gpuLimits: gpuLimitsFrom(form, types) },
    });
    if (!data) return show(c, problemOf(error, response.status), response.status);
    return c.redirect(`${HERE}/${encodeURIComponent(data.id)}`, 303);
  });

  ui.get('/clusters/:id', async (c) => {
    const id = c.req.param('id');
    const api = c.get('api');
    const [cluster, types] = await Promise.all([
      api.GET('/v1/clusters/{id}', { params: { path: { id } } }),
      api.GET('/v1/gpu-types'),
    ]);
    if (!cluster.data) return refused(c, 'Cluster', HERE, cluster.error, cluster.response);
    const x = cluster.data;
    const csrf = c.get('csrfToken');
    return page(
      c,
      `Cluster ${x.name}`,
      HERE,
      <div data-live={`${HERE}/status`}>
        <dl>
          <dt>Status</dt>
          <dd>
            <StatusCell c={x} />
          </dd>
          {x.statusReason ? (
            <>
              <dt>Reason</dt>
              <dd>{x.statusReason}</dd>
            </>
          ) : null}
          <dt>GPU limits</dt>
          <dd>{limitsOf(x)}</dd>
          <dt>Namespace</dt>
          <dd>
            <code>{x.namespace}</code>
          </dd>
          <dt>Id</dt>
          <dd>
            <code>{x.id}</code>
          </dd>
        </dl>
        <p>
          <a href={`${HERE}/${encodeURIComponent(x.id)}`}>Refresh</a>
        </p>
        <AccessSection c={c} clusterId={x.id} />
        <h2 id="limits">Change GPU limits</h2>
        <form
          method="post"
          action={`${HERE}/${encodeURIComponent(x.id)}/limits`}
          aria-labelledby="limits"
        >
          <Csrf token={csrf} />
          <GpuInputs types={types.data?.items ?? []} values={x.gpuLimits} />
          <button type="submit" class="secondary">
            Change limits
          </button>
        </form>
        <h2>Delete</h2>
        <form method="post" action={`${HERE}/${encodeURIComponent(x.id)}/delete`}>
          <Csrf token={csrf} />
          <button type="submit" class="danger">
            Delete cluster {x.name}
          </button>
        </form>
      </div>,
    );
  });

  ui.post('/clusters/:id/limits', async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const types = (await c.get('api').GET('/v1/gpu-types')).data?.items ?? [];
    const { error, response } = await c.get('api').PATCH('/v1/clusters/{id}', {
      params: { path: { id } },
      body: { gpuLimits: gpuLimitsFrom(form, types) },
    });
    if (!response.ok) return refused(c, 'Cluster', HERE, error, response);
    return c.redirect(`${HERE}/${encodeURIComponent(id)}`, 303);
  });

  ui.post('/clusters/:id/delete', async (c) => {
    const id = c.req.param('id');
    const { error, response } = await c
      .get('api')
      .DELETE('/v1/clusters/{id}', { params: { path: { id } } });
    if (!response.ok) return refused(c, 'Cluster', HERE, error, response);
    return c.redirect(HERE, 303);
  });
}
