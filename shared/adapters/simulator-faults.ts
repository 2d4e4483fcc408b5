/** Operations the simulators can be told to fail (`VKS_SIM_FAULTS`). */
export const SimulatedOperations = [
  'CreateNodegroup',
  'UpdateNodegroupConfig',
  'DescribeNodegroup',
  'DeleteNodegroup',
  'ApplyManifests',
  'DeleteNamespace',
] as const;
export type SimulatedOperation = (typeof SimulatedOperations)[number];

export class SimulatedFaultError extends Error {
  override readonly name = 'SimulatedFaultError';
}

/** The faults the simulators inject, so that people and tests can watch compensation work. */
export class SimulatorFaults {
  constructor(private readonly failing: ReadonlySet<SimulatedOperation>) {}

  has(operation: SimulatedOperation): boolean {
    return this.failing.has(operation);
  }

  check(operation: SimulatedOperation): void {
    if (this.has(operation)) {
      throw new SimulatedFaultError(
        `${operation} failed: a fault injected by the simulator (VKS_SIM_FAULTS).`,
      );
    }
  }
}
