/** Operations of the simulated EKS and Kubernetes APIs that can be told to fail. */
export const SimulatedOperations = [
  'CreateNodegroup',
  'UpdateNodegroupConfig',
  'DescribeNodegroup',
  'DeleteNodegroup',
  'ApplyManifests',
  'DeleteNamespace',
] as const;
export type SimulatedOperation = (typeof SimulatedOperations)[number];

/**
 * One injected fault. The target is a simulated operation or a Task state of a workflow, written
 * `<operation>.<state>` (`provision.ApplyNamespace`). A fault fails every call, or, `once`, the
 * next call only.
 */
export interface Fault {
  readonly target: string;
  readonly once: boolean;
}

export class SimulatedFaultError extends Error {
  override readonly name = 'SimulatedFaultError';
}

/**
 * Parses `VKS_SIM_FAULTS`: comma-separated targets, each optionally followed by `:once`. Unknown
 * targets are refused with the list of known ones, so that a typing error does not silently test
 * nothing.
 */
export function parseFaults(text: string, known: readonly string[]): Fault[] {
  const faults = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [target = '', mode, ...rest] = entry.split(':');
      if ((mode !== undefined && mode !== 'once') || rest.length > 0) {
        throw new Error(`${entry}: a fault is TARGET or TARGET:once.`);
      }
      return { target, once: mode === 'once' };
    });
  const unknown = faults.filter((f) => !known.includes(f.target)).map((f) => f.target);
  if (unknown.length > 0) {
    throw new Error(
      `unknown fault targets (${unknown.join(', ')}); use any of ${known.join(', ')}.`,
    );
  }
  return faults;
}

/**
 * The faults the simulators and the local workflow runner inject, so that people and tests can
 * watch retries and compensation work. Tests may replace them between cases; `npm start` sets them
 * once from `VKS_SIM_FAULTS`.
 */
export class SimulatorFaults {
  private faults: Fault[];

  constructor(faults: readonly Fault[] = []) {
    this.faults = [...faults];
  }

  replace(faults: readonly Fault[]): void {
    this.faults = [...faults];
  }

  /** Whether the next call of `target` fails, and how; a fault that fails once is spent here. */
  take(target: string): 'always' | 'once' | undefined {
    const index = this.faults.findIndex((f) => f.target === target);
    const fault = this.faults[index];
    if (!fault) return undefined;
    if (fault.once) this.faults.splice(index, 1);
    return fault.once ? 'once' : 'always';
  }

  check(target: string): void {
    if (this.take(target)) {
      throw new SimulatedFaultError(
        `${target} failed: a fault injected by the simulator (VKS_SIM_FAULTS).`,
      );
    }
  }

  describe(): string[] {
    return this.faults.map((f) => (f.once ? `${f.target}:once` : f.target));
  }
}
