import { StateMachine } from 'aws-local-stepfunctions';
import type { ClusterOperation } from '../domain/cluster';
import type { Logger } from '../logging/logger';
import type {
  ClusterWorkflowInput,
  ResumeOutcome,
  WorkflowStarter,
} from '../ports/workflow-starter';
import { substitute, workflowDefinitions } from '../workflows/definitions';
import { SimulatedFaultError, type SimulatorFaults } from './simulator-faults';

/** What a Task state's `lambda:invoke` Parameters carry. */
interface InvokeParameters {
  readonly FunctionName: string;
  readonly Payload: unknown;
}

export interface LocalWorkflowOptions {
  /** Runs one task, as the task Lambda would. */
  readonly runTask: (payload: never) => Promise<unknown>;
  /** How long each Wait state of a poll loop waits, instead of its seconds. */
  readonly pollMs: number;
  /** How long a Retry pauses, instead of its interval. */
  readonly retryMs: number;
  readonly logger: Logger;
  /** Faults injected at Task states (`provision.ApplyNamespace`), as the simulators inject theirs. */
  readonly faults?: SimulatorFaults;
}

interface StateDefinition {
  readonly Type: string;
  readonly Retry?: unknown[];
}

const LOCAL_TASK_FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:vks-workflow-tasks';

/**
 * A task's answer that never arrived, as when a Lambda times out after doing its work: the ASL
 * retries `States.Timeout`, so the step runs again and must change nothing the second time.
 */
class SimulatedTimeoutError extends Error {
  override readonly name = 'States.Timeout';
}

/**
 * Local runtime: the same ASL files run by `aws-local-stepfunctions`, in this process. Every Task
 * state is bound to the task handlers; the binding answers as `lambda:invoke` does, with the
 * result under `Payload`, so the ASL reads the same shape in both runtimes. While an execution of
 * a name runs, starting that name again does nothing. One that has ended may be started again:
 * that is how a re-drive resumes an operation (from its first step; every step is idempotent and
 * ends quietly when the cluster has moved on). Executions live in this process only; after a
 * restart the re-drive starts again what was running.
 */
export class LocalWorkflowRunner implements WorkflowStarter {
  private readonly machines: Record<ClusterOperation, StateMachine>;
  private readonly overrides: Record<ClusterOperation, object>;
  private readonly executions = new Map<string, Promise<void>>();
  private readonly aborts = new Set<() => void>();

  constructor(private readonly options: LocalWorkflowOptions) {
    const entries = Object.entries(workflowDefinitions).map(([operation, definition]) => {
      const resolved = substitute(definition, { TaskFunctionArn: LOCAL_TASK_FUNCTION });
      return [operation, resolved] as const;
    });
    this.machines = Object.fromEntries(
      entries.map(([op, definition]) => [op, new StateMachine(definition as never)]),
    ) as Record<ClusterOperation, StateMachine>;
    this.overrides = Object.fromEntries(
      entries.map(([op, definition]) => [
        op,
        this.overridesFor(op as ClusterOperation, definition),
      ]),
    ) as Record<ClusterOperation, object>;
  }

  async start(
    operation: ClusterOperation,
    executionName: string,
    input: ClusterWorkflowInput,
  ): Promise<void> {
    if (this.executions.has(executionName)) return;
    this.run(operation, executionName, input);
  }

  /** A re-drive: starts the named execution unless it is running here now. */
  async resume(
    operation: ClusterOperation,
    executionName: string,
    input: ClusterWorkflowInput,
  ): Promise<ResumeOutcome> {
    if (this.executions.has(executionName)) return 'running';
    this.run(operation, executionName, input);
    return 'started';
  }

  private run(operation: ClusterOperation, executionName: string, input: ClusterWorkflowInput) {
    const execution = this.machines[operation].run(
      { ...input } as never,
      {
        overrides: this.overrides[operation],
        context: { Execution: { Name: executionName } },
        noThrowOnAbort: true,
      } as never,
    );
    this.aborts.add(execution.abort);
    const logger = this.options.logger.child({ execution: executionName, operation });
    logger.info('workflow started', { runner: 'aws-local-stepfunctions' });
    this.executions.set(
      executionName,
      execution.result
        .then(
          () => logger.info('workflow ended'),
          (err: unknown) => logger.warn('workflow failed', { error: rootCause(err) }),
        )
        .finally(() => {
          this.aborts.delete(execution.abort);
          this.executions.delete(executionName);
        }),
    );
  }

  /** Whether an execution of this name is running in this process. */
  isRunning(executionName: string): boolean {
    return this.executions.has(executionName);
  }

  /** Resolves when the named execution has ended (immediately for one never started). */
  async settled(executionName: string): Promise<void> {
    await this.executions.get(executionName);
  }

  /** Stops every running execution, as stopping the process would. */
  async stop(): Promise<void> {
    for (const abort of this.aborts) abort();
    await Promise.allSettled(this.executions.values());
  }

  private overridesFor(operation: ClusterOperation, definition: object) {
    const states = Object.entries(
      (definition as { States: Record<string, StateDefinition> }).States,
    );
    const names = (type: string) => states.filter(([, s]) => s.Type === type).map(([n]) => n);
    const invoke = (state: string) => async (parameters: InvokeParameters) => {
      const target = `${operation}.${state}`;
      const fault = this.options.faults?.take(target);
      if (fault === 'always') {
        throw new SimulatedFaultError(`${target} failed: a fault injected by VKS_SIM_FAULTS.`);
      }
      const Payload = await this.options.runTask(parameters.Payload as never);
      if (fault === 'once') {
        throw new SimulatedTimeoutError(
          `${target} ran, and its answer was lost: a fault injected by VKS_SIM_FAULTS.`,
        );
      }
      return { Payload };
    };
    return {
      taskResourceLocalHandlers: Object.fromEntries(names('Task').map((n) => [n, invoke(n)])),
      waitTimeOverrides: Object.fromEntries(names('Wait').map((n) => [n, this.options.pollMs])),
      retryIntervalOverrides: Object.fromEntries(
        states.filter(([, s]) => s.Retry).map(([n]) => [n, this.options.retryMs]),
      ),
    };
  }
}

function rootCause(err: unknown): unknown {
  const cause = (err as { cause?: unknown })?.cause;
  return cause instanceof Error ? cause : err;
}
