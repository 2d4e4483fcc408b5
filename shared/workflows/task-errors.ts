/**
 * The errors a workflow task ends with, by the names the ASL files match on (Step Functions takes
 * a Lambda error's name as the state's error name, and the local runner does the same).
 */
export const TaskErrors = {
  transient: 'Vks.Transient',
  stale: 'Vks.StaleExecution',
  failed: 'Vks.Failed',
} as const;

/** Worth trying again in a moment: throttling, a change already under way. */
export class TransientTaskError extends Error {
  override readonly name = TaskErrors.transient;
}

/** The execution belongs to an operation that is no longer the cluster's current one. */
export class StaleExecutionError extends Error {
  override readonly name = TaskErrors.stale;
}

/** Will not succeed by repeating; the message is the reason a person reads on the cluster. */
export class TaskFailedError extends Error {
  override readonly name = TaskErrors.failed;
}

/**
 * The reason a failed step gives, from the `Cause` Step Functions recorded: a Lambda error's cause
 * is its JSON error object, the local runner's the message itself.
 */
export function reasonFrom(cause: string | undefined): string {
  if (!cause) return 'The operation failed.';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // Not JSON: the cause is the message.
  }
  return cause;
}
