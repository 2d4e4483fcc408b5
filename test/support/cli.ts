import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

export const VKS_BIN = resolve('functions/cli/vks.mjs');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliUser {
  readonly home: string;
  readonly configDir: string;
  readonly env: Record<string, string>;
  vks(
    args: readonly string[],
    options?: { input?: string; env?: Record<string, string> },
  ): Promise<CliResult>;
  cleanup(): Promise<void>;
}

/**
 * A person at a terminal: the built `vks` bin as a child process, with HOME and XDG_CONFIG_HOME
 * in a directory of their own, so no test reads or writes the real user's files.
 */
export async function cliUser(): Promise<CliUser> {
  const home = await mkdtemp(join(tmpdir(), 'vks-cli-'));
  const configDir = join(home, 'config');
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: configDir,
    KUBECONFIG: join(home, '.kube', 'config'),
  };
  return {
    home,
    configDir,
    env,
    vks: (args, options = {}) => run(args, { ...env, ...options.env }, options.input),
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
}

function run(
  args: readonly string[],
  env: Record<string, string>,
  input?: string,
): Promise<CliResult> {
  return new Promise((done) => {
    const child = execFile(VKS_BIN, args, { env, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

/** PATH without the project's `node_modules/.bin`: the bin then starts under the system's Node. */
export const pathWithoutProjectNode = (path: string) =>
  path
    .split(delimiter)
    .filter((entry) => !entry.includes('node_modules'))
    .join(delimiter);
