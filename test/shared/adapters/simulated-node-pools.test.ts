import { describe, expect, it } from 'vitest';
import { SimulatedNodePools } from '../../../shared/adapters/simulated-node-pools';
import {
  SimulatorFaults,
  type SimulatedOperation,
} from '../../../shared/adapters/simulator-faults';
import { Logger } from '../../../shared/logging/logger';
import { NodePoolBusyError } from '../../../shared/ports/node-pools';

function simulator(faults: SimulatedOperation[] = []) {
  let clock = 0;
  const lines: any[] = [];
  const logger = new Logger({ service: 'test', write: (l) => lines.push(JSON.parse(l)) });
  const pools = new SimulatedNodePools(
    100,
    new SimulatorFaults(faults.map((target) => ({ target, once: false }))),
    logger,
    () => clock,
  );
  return { pools, lines, advance: (ms: number) => (clock += ms) };
}

const spec = {
  name: 'vks-gpu-h100',
  gpuType: 'h100',
  instanceType: 'p5.48xlarge',
  capacityType: 'ON_DEMAND' as const,
  labels: {},
  taints: [],
  scaling: { minSize: 0, maxSize: 1, desiredSize: 0 },
};

describe('simulated EKS node groups', () => {
  it('moves through CREATING, ACTIVE, UPDATING and DELETING as EKS does', async () => {
    const { pools, advance, lines } = simulator();
    await pools.create(spec);
    expect((await pools.describe(spec.name))?.status).toBe('CREATING');
    await expect(
      pools.resize(spec.name, { minSize: 0, maxSize: 2, desiredSize: 0 }),
    ).rejects.toBeInstanceOf(NodePoolBusyError);

    advance(100);
    expect((await pools.describe(spec.name))?.status).toBe('ACTIVE');
    await pools.resize(spec.name, { minSize: 0, maxSize: 2, desiredSize: 0 });
    expect(await pools.describe(spec.name)).toMatchObject({
      status: 'UPDATING',
      scaling: { maxSize: 2 },
    });

    advance(100);
    await pools.delete(spec.name);
    expect((await pools.describe(spec.name))?.status).toBe('DELETING');
    advance(100);
    expect(await pools.describe(spec.name)).toBeUndefined();
    expect(lines.every((l) => l.simulation === true && /simulated EKS/.test(l.message))).toBe(true);
  });

  it('ends a create told to fail in CREATE_FAILED with a health issue', async () => {
    const { pools, advance } = simulator(['CreateNodegroup']);
    await pools.create(spec);
    advance(100);
    const state = await pools.describe(spec.name);
    expect(state?.status).toBe('CREATE_FAILED');
    expect(state?.issues[0]).toMatch(/VKS_SIM_FAULTS/);
  });
});
