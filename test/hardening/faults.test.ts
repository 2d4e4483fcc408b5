import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../shared/adapters/simulator-faults';
import type { ClusterOperation } from '../../shared/domain/cluster';
import { taskStates, workflowDefinitions } from '../../shared/workflows/definitions';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { signUpEnterprise, type SignedUp } from '../support/enterprises';

/**
 * Every Task state of every workflow, taken from the ASL files, fails in turn: first for good,
 * then once. A fault is injected where the task Lambda would fail (the local runner's Task
 * binding): a permanent fault before the step runs, a fault-once after it ran, its answer lost,
 * so the retry repeats a step that already took effect.
 */
let plane: TestControlPlane;

beforeAll(async () => {
  plane = await startTestControlPlane({
    VKS_SIGNUP_LIMIT: '1000',
    VKS_DEFAULT_PARALLELISM_LIMIT: '16',
    VKS_SIM_DELAY_MS: '20',
    VKS_REDRIVE_AFTER_MS: '300',
    VKS_LOG_LEVEL: 'info',
  });
});
afterAll(() => plane.stop());

type State = { Type: string; Next?: string; Default?: string; Choices?: { Next: string }[] };
type Catch = { ErrorEquals: string[]; Next: string };

const statesOf = (op: ClusterOperation) =>
  (workflowDefinitions[op] as { StartAt: string; States: Record<string, State> }).States;

/** Task states reached from StartAt without a Catch, in the order they run. */
function forwardTasks(op: ClusterOperation): string[] {
  const { StartAt } = workflowDefinitions[op] as { StartAt: string };
  const states = statesOf(op);
  const seen: string[] = [];
  const queue = [StartAt];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.includes(name)) continue;
    seen.push(name);
    const s = states[name]!;
    queue.push(
      ...([s.Next, s.Default, ...(s.Choices ?? []).map((c) => c.Next)].filter(Boolean) as string[]),
    );
  }
  return seen.filter((n) => states[n]!.Type === 'Task');
}

/** The last forward task whose failure leads into the compensation that runs `state`. */
function triggerFor(op: ClusterOperation, state: string): string {
  const forward = forwardTasks(op);
  const states = statesOf(op) as Record<string, State & { Catch?: Catch[] }>;
  const reaches = (from: string, seen = new Set<string>()): boolean => {
    if (from === state) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    const s = states[from]!;
    const next = [s.Next, s.Default, ...(s.Choices ?? []).map((c) => c.Next)];
    const caught = (s.Catch ?? []).filter((c) => c.ErrorEquals.includes('States.ALL'));
    return [...next, ...caught.map((c) => c.Next)].some((n) => n && reaches(n, seen));
  };
  const triggers = forward.filter((f) =>
    (states[f]!.Catch ?? []).some(
      (c) => c.ErrorEquals.includes('States.ALL') && !forward.includes(c.Next) && reaches(c.Next),
    ),
  );
  return triggers.at(-1)!;
}

interface Case {
  readonly admin: SignedUp;
  readonly cluster: any;
}

/** What a case ends in: the cluster's state, what it still holds, and what is left in Kubernetes. */
interface Expected {
  readonly status: string;
  /** GPUs the enterprise still has reserved. */
  readonly reserved: number;
  readonly namespaceLeft: boolean;
  /** Service-wide pool reservations per GPU type. */
  readonly pools: Record<string, number>;
}

const BEFORE = { a10g: 2 };
const AFTER = { a10g: 1, l40s: 4 };

/** Starts the operation with `faults` armed; update and delete start from a READY cluster. */
const setups: Record<ClusterOperation, (faults: Fault[]) => Promise<Case>> = {
  provision: async (faults) => {
    plane.simulators.faults.replace(faults);
    const admin = await signUpEnterprise(plane.client);
    const res = await plane.client.post(
      '/v1/clusters',
      { name: 'faulty', gpuLimits: BEFORE },
      { token: admin.accessToken },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return { admin, cluster: res.body };
  },
  update: async (faults) => {
    const { admin, cluster } = await readyCluster();
    plane.simulators.faults.replace(faults);
    const res = await plane.client.patch(
      `/v1/clusters/${cluster.id}`,
      { gpuLimits: AFTER },
      { token: admin.accessToken },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return { admin, cluster: res.body };
  },
  delete: async (faults) => {
    const { admin, cluster } = await readyCluster();
    plane.simulators.faults.replace(faults);
    const res = await plane.client.delete(`/v1/clusters/${cluster.id}`, {
      token: admin.accessToken,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return { admin, cluster: res.body };
  },
};

async function readyCluster(): Promise<Case> {
  const { admin, cluster } = await setups.provision([]);
  expect((await settled(admin, cluster.id)).status).toBe('READY');
  return { admin, cluster };
}

const busy = ['PROVISIONING', 'UPDATING', 'DELETING'];

async function settled(admin: SignedUp, id: string): Promise<any> {
  for (;;) {
    const res = await plane.client.get(`/v1/clusters/${id}`, { token: admin.accessToken });
    expect(res.status).toBe(200);
    if (!busy.includes(res.body.status)) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until this execution has ended in the runner, as its log says. */
async function executionEnded(execution: string): Promise<void> {
  await expect
    .poll(
      () =>
        plane.logs.some(
          (l) =>
            l.execution === execution &&
            l.message !== 'workflow started' &&
            String(l.message).startsWith('workflow '),
        ),
      {
        timeout: 30_000,
        interval: 20,
      },
    )
    .toBe(true);
}

async function observe(admin: SignedUp, cluster: any) {
  const usage = await plane.client.get('/v1/usage', { token: admin.accessToken });
  const pools = await plane.client.get('/v1/platform/node-pools', { token: plane.operatorToken });
  return {
    reserved: usage.body.total.reserved as number,
    namespaceLeft: plane.simulators.kube.namespaceObjects(cluster.namespace).length > 0,
    pools: Object.fromEntries(
      (pools.body.items as any[])
        .filter((p) => p.reservedGpus !== 0)
        .map((p) => [p.gpuType, p.reservedGpus]),
    ),
    nodeGroups: (pools.body.items as any[]).filter((p) => p.nodeGroup).map((p) => p.gpuType),
  };
}

/** Clears the faults, deletes what is left, and checks that nothing at all remains. */
async function heal(admin: SignedUp, cluster: any): Promise<void> {
  plane.simulators.faults.replace([]);
  let current = await settled(admin, cluster.id);
  if (current.status !== 'DELETED') {
    const res = await plane.client.delete(`/v1/clusters/${cluster.id}`, {
      token: admin.accessToken,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    current = await settled(admin, cluster.id);
  }
  expect(current.status).toBe('DELETED');
  if ((await observe(admin, cluster)).nodeGroups.length > 0) await sweep(admin);
  await expect
    .poll(() => observe(admin, cluster), { timeout: 30_000, interval: 50 })
    .toEqual({ reserved: 0, namespaceLeft: false, pools: {}, nodeGroups: [] });
}

/**
 * A shrink that failed for good leaves a pool larger than needed; the next workflow that shrinks
 * any pool trims it. A cluster of another GPU type, created and deleted, is that workflow.
 */
async function sweep(admin: SignedUp): Promise<void> {
  const res = await plane.client.post(
    '/v1/clusters',
    { name: 'sweeper', gpuLimits: { h100: 8 } },
    { token: admin.accessToken },
  );
  expect((await settled(admin, res.body.id)).status).toBe('READY');
  await plane.client.delete(`/v1/clusters/${res.body.id}`, { token: admin.accessToken });
  expect((await settled(admin, res.body.id)).status).toBe('DELETED');
}

const held = (
  status: string,
  reserved: number,
  namespaceLeft: boolean,
  pools: Record<string, number>,
) => ({ status, reserved, namespaceLeft, pools }) satisfies Expected;

const clean = (status: string) => held(status, 0, false, {});
const stuck = 'stays busy until the fault clears';

/**
 * The documented outcome of a permanent fault at each state. Forward steps compensate fully; a
 * compensation step that fails leaves what it was to undo, reserved and named in the reason, until
 * the cluster is deleted; a step that records the end cannot record it, so the cluster stays busy
 * and the re-drive finishes it once the fault clears.
 */
const permanent: Record<ClusterOperation, Record<string, Expected | typeof stuck>> = {
  provision: {
    ClaimNodePools: clean('FAILED'),
    GrowNodePools: clean('FAILED'),
    ApplyNamespace: clean('FAILED'),
    MarkReady: clean('FAILED'),
    RemoveNamespace: held('FAILED', 2, true, { a10g: 2 }),
    ReleaseNodePools: held('FAILED', 2, false, { a10g: 2 }),
    ShrinkNodePools: clean('FAILED'),
    MarkFailed: stuck,
  },
  update: {
    ClaimNodePools: held('FAILED', 2, true, { a10g: 2 }),
    GrowNodePools: held('FAILED', 2, true, { a10g: 2 }),
    ApplyNamespace: held('FAILED', 2, true, { a10g: 2 }),
    CommitUpdate: held('FAILED', 2, true, { a10g: 2 }),
    ShrinkNodePools: held('READY', 5, true, { a10g: 1, l40s: 4 }),
    MarkReady: stuck,
    RevertUpdate: held('FAILED', 6, true, { a10g: 2, l40s: 4 }),
    RestoreNamespace: held('FAILED', 2, true, { a10g: 2 }),
    ShrinkAfterRevert: held('FAILED', 2, true, { a10g: 2 }),
    MarkFailed: stuck,
  },
  delete: {
    RemoveNamespace: held('FAILED', 2, true, { a10g: 2 }),
    ReleaseNodePools: held('FAILED', 2, false, { a10g: 2 }),
    ShrinkNodePools: clean('DELETED'),
    FinishDelete: held('FAILED', 2, false, {}),
    MarkFailed: stuck,
  },
};

const operations: ClusterOperation[] = ['provision', 'update', 'delete'];

describe.each(operations)('the %s workflow', (op) => {
  const forward = forwardTasks(op);

  it('has an expected outcome for every Task state of its ASL file', () => {
    expect(Object.keys(permanent[op]).sort()).toEqual(taskStates(op).sort());
  });

  it.each(taskStates(op))('fails for good at %s and leaves what it documents', async (state) => {
    const target = `${op}.${state}`;
    const faults: Fault[] = [{ target, once: false }];
    if (!forward.includes(state))
      faults.push({ target: `${op}.${triggerFor(op, state)}`, once: false });

    const { admin, cluster } = await setups[op](faults);
    const expected = permanent[op][state]!;
    if (expected === stuck) {
      // Provisioning is the cluster's first operation; the update or deletion its second.
      await executionEnded(`${cluster.id}-${op}-${op === 'provision' ? 1 : 2}`);
      const still = await plane.client.get(`/v1/clusters/${cluster.id}`, {
        token: admin.accessToken,
      });
      expect(still.body.status).toBe(cluster.status);
      // Healing lets the periodic re-drive run the operation to its end.
      plane.simulators.faults.replace([]);
      const ended = await settled(admin, cluster.id);
      expect(['READY', 'FAILED', 'DELETED']).toContain(ended.status);
    } else {
      const ended = await settled(admin, cluster.id);
      expect(ended.status, ended.statusReason).toBe(expected.status);
      if (ended.status === 'FAILED') {
        expect(ended.statusReason).toContain(faults.at(-1)!.target);
        // The reason tells the truth about what is still held.
        if (expected.reserved > 0) expect(ended.statusReason).not.toMatch(/Nothing is reserved/);
      }
      const seen = await observe(admin, cluster);
      expect({ ...seen, nodeGroups: undefined, status: ended.status }).toEqual({
        ...expected,
        nodeGroups: undefined,
      });
    }
    await heal(admin, cluster);
  });

  it.each(taskStates(op))(
    'retries %s after it fails once, and ends as without the fault',
    async (state) => {
      const target = `${op}.${state}`;
      const compensating = !forward.includes(state);
      const faults: Fault[] = [{ target, once: true }];
      if (compensating) faults.push({ target: `${op}.${triggerFor(op, state)}`, once: false });

      const { admin, cluster } = await setups[op](faults);
      const ended = await settled(admin, cluster.id);
      const happy = { provision: 'READY', update: 'READY', delete: 'DELETED' }[op];
      expect(ended.status, ended.statusReason).toBe(compensating ? 'FAILED' : happy);
      const seen = await observe(admin, cluster);
      if (compensating) {
        // The compensation ran to its end: what the operation took is given back.
        expect(seen.reserved).toBe(op === 'provision' ? 0 : 2);
        expect(seen.pools).toEqual(op === 'provision' ? {} : op === 'update' ? { a10g: 2 } : {});
      } else if (op !== 'delete') {
        const limits = op === 'provision' ? BEFORE : AFTER;
        expect(ended.gpuLimits).toEqual(limits);
        expect(seen.reserved).toBe(Object.values(limits).reduce((a, b) => a + b, 0));
        expect(seen.pools).toEqual(limits);
        expect(seen.namespaceLeft).toBe(true);
      }
      await heal(admin, cluster);
    },
  );
});
