import { describe, expect, it } from 'vitest';
import { LocalWorkflowRunner } from '../../../shared/adapters/local-workflow-runner';
import { Logger } from '../../../shared/logging/logger';
import {
  StaleExecutionError,
  TaskFailedError,
  TransientTaskError,
} from '../../../shared/workflows/task-errors';

const input = { enterpriseId: 'ent_a', clusterId: 'vc_a', generation: 1 };

/**
 * A recording task handler: these tests are about the ASL files' control flow under the local
 * runner (which steps run, in which order, with which input), so each step answers as the real
 * one would, and a chosen step fails.
 */
function recorder(fail: Record<string, () => Error> = {}) {
  const calls: any[] = [];
  const seen = new Map<string, number>();
  const runTask = async (payload: any) => {
    calls.push(payload);
    const key = `${payload.action}:${payload.mode ?? ''}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    const failure = fail[key]?.();
    if (failure) throw failure;
    if (payload.action === 'reconcileNodePools') {
      // Not settled at the first check, settled at the second: the Wait loop runs once.
      return { settled: (payload.attempt ?? 0) >= 1, attempt: (payload.attempt ?? 0) + 1 };
    }
    return {};
  };
  return {
    calls,
    runTask,
    actions: () => calls.map((c) => c.action + (c.mode ? `:${c.mode}` : '')),
  };
}

const runner = (runTask: (payload: any) => Promise<unknown>) =>
  new LocalWorkflowRunner({
    runTask: runTask as never,
    pollMs: 1,
    retryMs: 1,
    logger: new Logger({ service: 'test', level: 'error', write: () => {} }),
  });

describe('the provision workflow under the local runner', () => {
  it('claims, polls the node pools until settled, applies the namespace, and marks READY', async () => {
    const r = recorder();
    const workflows = runner(r.runTask);
    await workflows.start('provision', 'vc_a-provision-1', input);
    await workflows.settled('vc_a-provision-1');

    expect(r.actions()).toEqual([
      'claimNodePools',
      'reconcileNodePools:grow',
      'reconcileNodePools:grow',
      'applyNamespace',
      'markReady',
    ]);
    expect(r.calls[0]).toEqual({ action: 'claimNodePools', ...input });
  });

  it('starts an execution name once, however often it is started', async () => {
    const r = recorder();
    const workflows = runner(r.runTask);
    await Promise.all([1, 2, 3].map(() => workflows.start('provision', 'vc_a-provision-1', input)));
    await workflows.settled('vc_a-provision-1');
    expect(r.actions().filter((a) => a === 'claimNodePools')).toHaveLength(1);
  });

  it('compensates in order and reports the original error to markFailed', async () => {
    const r = recorder({ 'applyNamespace:': () => new TaskFailedError('the API server said no') });
    const workflows = runner(r.runTask);
    await workflows.start('provision', 'vc_a-provision-1', input);
    await workflows.settled('vc_a-provision-1');

    expect(r.actions().slice(-5)).toEqual([
      'deleteNamespace',
      'releaseNodePools',
      'reconcileNodePools:shrink',
      'reconcileNodePools:shrink',
      'markFailed',
    ]);
    expect(r.calls.at(-1).error).toMatchObject({
      Error: 'Vks.Failed',
      Cause: expect.stringContaining('the API server said no'),
    });
  });

  it('retries a transient error without compensating', async () => {
    let failures = 2;
    const r = recorder({
      'applyNamespace:': () =>
        failures-- > 0 ? new TransientTaskError('throttled') : (undefined as never),
    });
    const workflows = runner(r.runTask);
    await workflows.start('provision', 'vc_a-provision-1', input);
    await workflows.settled('vc_a-provision-1');
    expect(r.actions().filter((a) => a === 'applyNamespace')).toHaveLength(3);
    expect(r.actions().at(-1)).toBe('markReady');
  });

  it('ends quietly, compensating nothing, when the execution is stale', async () => {
    const r = recorder({ 'claimNodePools:': () => new StaleExecutionError('generation moved on') });
    const workflows = runner(r.runTask);
    await workflows.start('provision', 'vc_a-provision-1', input);
    await workflows.settled('vc_a-provision-1');
    expect(r.actions()).toEqual(['claimNodePools']);
  });
});

describe('the update and delete workflows under the local runner', () => {
  it('reverts a failed update, restores the namespace and marks it FAILED', async () => {
    const r = recorder({ 'reconcileNodePools:grow': () => new TaskFailedError('no capacity') });
    const workflows = runner(r.runTask);
    await workflows.start('update', 'vc_a-update-2', { ...input, generation: 2 });
    await workflows.settled('vc_a-update-2');
    expect(r.actions()).toEqual([
      'claimNodePools',
      'reconcileNodePools:grow',
      'revertUpdate',
      'applyNamespace',
      'reconcileNodePools:shrink',
      'reconcileNodePools:shrink',
      'markFailed',
    ]);
  });

  it('deletes the namespace before it releases anything', async () => {
    const r = recorder();
    const workflows = runner(r.runTask);
    await workflows.start('delete', 'vc_a-delete-3', { ...input, generation: 3 });
    await workflows.settled('vc_a-delete-3');
    expect(r.actions()).toEqual([
      'deleteNamespace',
      'releaseNodePools',
      'reconcileNodePools:shrink',
      'reconcileNodePools:shrink',
      'finishDelete',
    ]);
  });
});
