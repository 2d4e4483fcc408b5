/**
 * Mixed traffic against a running control plane, from a process of its own: `node --import tsx
 * test/support/load-traffic.ts`. Settings come from the environment (LOAD_URL, LOAD_SECONDS,
 * LOAD_MAX_REQUESTS, LOAD_ENTERPRISES, LOAD_CONCURRENCY). It prints one JSON summary line: the
 * answers by operation and status, every answer that was not expected, and every GPU usage seen
 * above its limit.
 */
import { randomBytes } from 'node:crypto';
import { Client } from './http';

const url = process.env.LOAD_URL ?? 'http://127.0.0.1:3000';
if (!new URL(url).hostname.match(/^(127\.0\.0\.1|localhost)$/)) throw new Error('Local only.');
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const maxRequests = Number(process.env.LOAD_MAX_REQUESTS ?? 200_000);
const enterpriseCount = Number(process.env.LOAD_ENTERPRISES ?? 50);
const concurrency = Number(process.env.LOAD_CONCURRENCY ?? 8);
const PASSWORD = 'violet-harbour-lantern-42';

interface Tenant {
  readonly id: string;
  readonly email: string;
  token: string;
  readonly clusters: Set<string>;
}

const client = new Client(url);
const counts: Record<string, number> = {};
const unexpected: unknown[] = [];
const violations: unknown[] = [];
let requests = 0;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

function record(op: string, status: number, expected: readonly number[], body: unknown): void {
  const key = `${op} ${status}`;
  counts[key] = (counts[key] ?? 0) + 1;
  if (!expected.includes(status) && unexpected.length < 20) unexpected.push({ op, status, body });
}

async function signUp(i: number): Promise<Tenant> {
  const email = `load-${i}-${randomBytes(4).toString('hex')}@example.com`;
  const res = await client.post('/v1/signup', {
    enterpriseName: `Load ${i}`,
    name: 'Lou Load',
    email,
    password: PASSWORD,
  });
  if (res.status !== 201) throw new Error(`sign-up answered ${res.status}: ${res.text}`);
  return { id: res.body.enterprise.id, email, token: res.body.accessToken, clusters: new Set() };
}

function checkUsage(tenant: Tenant, usage: any): void {
  const over = (u: { limit: number | null; reserved: number }) =>
    u.limit !== null && u.reserved > u.limit;
  const types = Object.entries(usage.perType ?? {}) as [string, any][];
  if (over(usage.total) || types.some(([, u]) => over(u))) {
    violations.push({ enterpriseId: tenant.id, usage });
  }
}

const operations: Record<string, (tenant: Tenant) => Promise<void>> = {
  async read(tenant) {
    const id = pick([...tenant.clusters, undefined]);
    const res = await client.get(id ? `/v1/clusters/${id}` : '/v1/clusters?limit=100', {
      token: tenant.token,
    });
    record('read', res.status, [200], res.body);
  },
  async usage(tenant) {
    const res = await client.get('/v1/usage', { token: tenant.token });
    record('usage', res.status, [200], res.body);
    if (res.status === 200) checkUsage(tenant, res.body);
  },
  async create(tenant) {
    // Few names, so that some requests meet a taken name; few GPUs free, so that some meet the limit.
    const res = await client.post(
      '/v1/clusters',
      {
        name: `c-${Math.floor(Math.random() * 6)}`,
        gpuLimits: { [pick(['a10g', 'l40s'])]: 1 + Math.floor(Math.random() * 2) },
      },
      { token: tenant.token },
    );
    record('create', res.status, [202, 409], res.body);
    if (res.status === 202) tenant.clusters.add(res.body.id);
  },
  async delete(tenant) {
    const id = pick([...tenant.clusters]);
    if (!id) return operations.create!(tenant);
    const res = await client.delete(`/v1/clusters/${id}`, { token: tenant.token });
    // 409: still busy; 404: another worker's deletion finished first.
    record('delete', res.status, [202, 404, 409], res.body);
  },
  async signIn(tenant) {
    const res = await client.post('/v1/sessions', { email: tenant.email, password: PASSWORD });
    record('sign-in', res.status, [201], res.body);
    if (res.status === 201) tenant.token = res.body.accessToken;
  },
};

const mix: [number, string][] = [
  [0.35, 'read'],
  [0.5, 'usage'],
  [0.72, 'create'],
  [0.92, 'delete'],
  [1, 'signIn'],
];

async function main(): Promise<void> {
  const tenants: Tenant[] = [];
  for (let i = 0; i < enterpriseCount; i += 5) {
    tenants.push(...(await Promise.all([0, 1, 2, 3, 4].map((j) => signUp(i + j)))));
  }
  process.stderr.write('load: traffic starts\n');
  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < deadline && requests < maxRequests) {
      requests++;
      const r = Math.random();
      const op = mix.find(([bound]) => r < bound)![1];
      await operations[op]!(pick(tenants));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const summary = {
    requests,
    counts,
    unexpected,
    violations,
    tenants: tenants.map((t) => ({ id: t.id, token: t.token })),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
