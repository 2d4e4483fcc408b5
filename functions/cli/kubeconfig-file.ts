import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';

interface Named {
  name: string;
  [key: string]: unknown;
}

interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
  'current-context'?: string;
  [key: string]: unknown;
}

/** The file `--merge` writes: the first of `KUBECONFIG`'s list, as kubectl does, or ~/.kube/config. */
export function kubeconfigPath(env: NodeJS.ProcessEnv): string {
  const first = (env.KUBECONFIG ?? '').split(delimiter).find((p) => p.length > 0);
  return first ?? join(env.HOME || homedir(), '.kube', 'config');
}

/**
 * Renames the single cluster, user and context of `incoming` to `name` and points its exec
 * plugin at `command`, so the merged context is called after the cluster and works from any
 * directory.
 */
export function renamed(incoming: string, name: string, command: string): Kubeconfig {
  const config = parse(incoming) as Kubeconfig;
  const cluster = config.clusters?.[0];
  const user = config.users?.[0];
  const context = config.contexts?.[0] as Named & { context?: Record<string, unknown> };
  if (!cluster || !user || !context)
    throw new Error('The kubeconfig has no cluster, user or context.');
  const exec = (user.user as { exec?: { command?: string } } | undefined)?.exec;
  if (exec) exec.command = command;
  return {
    ...config,
    clusters: [{ ...cluster, name }],
    users: [{ ...user, name }],
    contexts: [{ ...context, name, context: { ...context.context, cluster: name, user: name } }],
    'current-context': name,
  };
}

/** Adds or replaces the entries named in `addition`, keeps everything else, makes it current. */
export function merged(existing: Kubeconfig | undefined, addition: Kubeconfig): Kubeconfig {
  const base: Kubeconfig = existing ?? { apiVersion: 'v1', kind: 'Config', preferences: {} };
  const replace = (current: Named[] | undefined, extra: Named[] | undefined) => {
    const names = new Set((extra ?? []).map((e) => e.name));
    return [...(current ?? []).filter((e) => !names.has(e.name)), ...(extra ?? [])];
  };
  return {
    ...base,
    clusters: replace(base.clusters, addition.clusters),
    users: replace(base.users, addition.users),
    contexts: replace(base.contexts, addition.contexts),
    'current-context': addition['current-context'],
  };
}

export async function mergeIntoFile(path: string, addition: Kubeconfig): Promise<void> {
  let existing: Kubeconfig | undefined;
  try {
    existing = (parse(await readFile(path, 'utf8')) as Kubeconfig | null) ?? undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, stringify(merged(existing, addition)), { mode: 0o600 });
  await rename(temporary, path);
  await chmod(path, 0o600);
}
