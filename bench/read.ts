import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { clusterKeys } from '../shared/store/cluster-store';
import { readyCluster, signUp, startBenchEnvironment } from './environment';
import { closedLoop, percentile, throughput, type Run } from './stats';

/**
 * The authorized read (`GET /v1/clusters/{id}` over HTTP: token check, account and session, the
 * cluster) against a raw `GetItem` of the same item on the same DynamoDB Local, at the same
 * concurrency; the create's accept latency; and the read while sign-ins hash passwords.
 */
export interface ReadFigures {
  readonly concurrency: number;
  readonly api: Run;
  readonly raw: Run;
  readonly create: Run;
  readonly idle: Run;
  readonly duringSignIns: Run;
}

const CONCURRENCY = 16;
const REQUESTS = 3000;

export async function benchReads(): Promise<ReadFigures> {
  const env = await startBenchEnvironment();
  try {
    const admin = await signUp(env);
    await env.call(
      'PATCH',
      `/v1/platform/enterprises/${admin.enterpriseId}`,
      env.plane.operatorToken,
      {
        parallelismLimit: { total: 100000 },
      },
    );
    const clusterId = await readyCluster(env, admin.accessToken, 'bench-read');
    const key = clusterKeys.cluster(admin.enterpriseId, clusterId);

    const read = () => env.call('GET', `/v1/clusters/${clusterId}`, admin.accessToken);
    const raw = () =>
      env.table.client.send(
        new GetCommand({ TableName: env.table.name, Key: key, ConsistentRead: true }),
      );

    const rawRun = await closedLoop(CONCURRENCY, REQUESTS, raw);
    const api = await closedLoop(CONCURRENCY, REQUESTS, read);

    const idle = await closedLoop(4, 1000, read);
    const duringSignIns = await withSignIns(env, admin.email, () => closedLoop(4, 1000, read));

    // Last: every accepted create starts a workflow in this process, which would weigh on
    // whatever is measured after it.
    let n = 0;
    const create = await closedLoop(CONCURRENCY, 400, () =>
      env.call('POST', '/v1/clusters', admin.accessToken, {
        name: `c-${n++}`,
        gpuLimits: { a10g: 1 },
      }),
    );
    return { concurrency: CONCURRENCY, api, raw: rawRun, create, idle, duringSignIns };
  } finally {
    await env.stop();
  }
}

/** Runs `measure` while 8 sign-ins are always in flight. */
async function withSignIns<T>(
  env: Awaited<ReturnType<typeof startBenchEnvironment>>,
  email: string,
  measure: () => Promise<T>,
): Promise<T> {
  let running = true;
  const signIns = Array.from({ length: 8 }, async () => {
    while (running) {
      await env.call('POST', '/v1/sessions', undefined, {
        email,
        password: 'violet-harbour-lantern-42',
      });
    }
  });
  try {
    return await measure();
  } finally {
    running = false;
    await Promise.all(signIns);
  }
}

export const p50 = (run: Run) => percentile(run.latenciesMs, 50);
export const p99 = (run: Run) => percentile(run.latenciesMs, 99);
export { throughput };
