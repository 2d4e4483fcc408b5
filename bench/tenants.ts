import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { signUp, readyCluster, startBenchEnvironment, type BenchEnvironment } from './environment';
import { closedLoop, percentile } from './stats';

/**
 * Listing one enterprise's clusters with 10 and with 10,000 enterprises in the table. Every
 * request reads only its own partition, so the figure should not move with other tenants. The
 * other enterprises are written straight to the table (signing 10,000 up through the API would
 * spend the run hashing passwords), each with a profile and two clusters.
 */
export interface TenantFigures {
  readonly few: number;
  readonly many: number;
  readonly fewP50Ms: number;
  readonly manyP50Ms: number;
}

export async function benchTenants(few = 10, many = 10_000): Promise<TenantFigures> {
  const env = await startBenchEnvironment();
  try {
    const admin = await signUp(env);
    await env.call(
      'PATCH',
      `/v1/platform/enterprises/${admin.enterpriseId}`,
      env.plane.operatorToken,
      {
        parallelismLimit: { total: 100 },
      },
    );
    for (let i = 0; i < 5; i++) await readyCluster(env, admin.accessToken, `list-${i}`);
    const list = () => env.call('GET', '/v1/clusters?limit=25', admin.accessToken);

    await fill(env, 0, few - 1);
    const fewRun = await closedLoop(4, 1000, list);
    await fill(env, few - 1, many - 1);
    const manyRun = await closedLoop(4, 1000, list);
    return {
      few,
      many,
      fewP50Ms: percentile(fewRun.latenciesMs, 50),
      manyP50Ms: percentile(manyRun.latenciesMs, 50),
    };
  } finally {
    await env.stop();
  }
}

async function fill(env: BenchEnvironment, from: number, to: number): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (let i = from; i < to; i++) {
    const id = `ent_filler${String(i).padStart(18, '0')}`;
    const at = new Date().toISOString();
    items.push({
      PK: `ENT#${id}`,
      SK: 'PROFILE',
      kind: 'enterprise',
      id,
      name: `Filler ${i}`,
      createdAt: at,
    });
    for (const n of [1, 2]) {
      items.push({
        PK: `ENT#${id}`,
        SK: `CLUSTER#vc_filler${i}x${n}`,
        kind: 'cluster',
        id: `vc_filler${i}x${n}`,
        enterpriseId: id,
        name: `c${n}`,
        status: 'READY',
        gpuLimits: { a10g: 1 },
        createdAt: at,
      });
    }
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        let unprocessed: Record<string, any> | undefined = {
          [env.table.name]: batch.map((Item) => ({ PutRequest: { Item } })),
        };
        while (unprocessed && Object.keys(unprocessed).length > 0) {
          const res: { UnprocessedItems?: Record<string, any> } = await env.table.client.send(
            new BatchWriteCommand({ RequestItems: unprocessed }),
          );
          unprocessed = res.UnprocessedItems;
        }
      }
    }),
  );
}
