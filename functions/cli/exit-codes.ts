/**
 * The exit codes scripts can rely on (docs/cli.md lists them). One code per kind of failure, so
 * that `vks clusters get x || case $? in 5) ...` tells "not there" from "not allowed".
 */
export const ExitCode = {
  ok: 0,
  /** Anything not named below: a server error, an unexpected answer. */
  failure: 1,
  /** The command line is wrong: unknown command or option, missing argument. */
  usage: 2,
  /** Not signed in, or the credentials were refused. */
  unauthenticated: 3,
  /** Signed in, but the role lacks the permission. */
  forbidden: 4,
  notFound: 5,
  /** The request conflicts with the current state: a name taken, a limit reached, a version. */
  conflict: 6,
  /** The server refused the input: validation failed or the body could not be read. */
  invalid: 7,
  /** `--wait` saw the cluster end FAILED. */
  clusterFailed: 8,
  /** The control plane could not be reached. */
  unreachable: 9,
  /** Too many requests; try again later. */
  rateLimited: 10,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeForStatus(status: number): ExitCode {
  switch (status) {
    case 400:
    case 413:
    case 415:
    case 422:
      return ExitCode.invalid;
    case 401:
      return ExitCode.unauthenticated;
    case 403:
      return ExitCode.forbidden;
    case 404:
      return ExitCode.notFound;
    case 409:
    case 412:
    case 428:
      return ExitCode.conflict;
    case 429:
      return ExitCode.rateLimited;
    default:
      return ExitCode.failure;
  }
}
