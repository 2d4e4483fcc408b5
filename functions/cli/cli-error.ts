import { ExitCode, exitCodeForStatus } from './exit-codes';

export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly errors?: readonly { field: string; message: string }[];
}

/** A failure the CLI explains in words and an exit code; never printed with a stack. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly lines: readonly string[] = [],
  ) {
    super(message);
  }

  /** The problem document of a refused request, as title, detail and one line per field. */
  static fromProblem(status: number, body: unknown): CliError {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as Problem;
    const title = problem.title ?? `The control plane answered ${status}`;
    const lines = [
      ...(problem.detail ? [problem.detail] : typeof body === 'string' && body ? [body] : []),
      ...(problem.errors ?? []).map((e) => `  ${e.field}: ${e.message}`),
    ];
    return new CliError(title, exitCodeForStatus(status), lines);
  }
}

export const notSignedIn = () =>
  new CliError('Not signed in', ExitCode.unauthenticated, [
    'Run `vks login --url URL` (or set VKS_URL and VKS_API_KEY).',
  ]);
