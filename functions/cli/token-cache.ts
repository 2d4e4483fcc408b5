import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CachedToken {
  readonly token: string;
  readonly expiresAt: string;
}

interface Entry extends CachedToken {
  readonly identity: string;
}

/** A token this close to its end is fetched anew, so kubectl never sends one that dies on the way. */
const MARGIN_MS = 60_000;

export function cacheDirectory(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'vks');
}

/** Who the token was issued to: the control plane and the account or key, never the secret itself. */
export function identityOf(url: string, who: string): string {
  return createHash('sha256').update(`${url}\n${who}`).digest('base64url');
}

/**
 * Cluster tokens kept between `vks token` runs (kubectl starts one per command, and keeps the
 * answer only in memory). One owner-only file per cluster; an entry for another identity, or close
 * to expiry, is ignored. `vks logout` removes them all.
 */
export class ClusterTokenCache {
  private readonly directory: string;

  constructor(cacheDir: string) {
    this.directory = join(cacheDir, 'cluster-tokens');
  }

  private file(clusterId: string): string {
    return join(this.directory, `${clusterId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  }

  async get(
    clusterId: string,
    identity: string,
    now = Date.now(),
  ): Promise<CachedToken | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.file(clusterId), 'utf8')) as Entry;
      if (entry.identity !== identity || Date.parse(entry.expiresAt) - now < MARGIN_MS)
        return undefined;
      return { token: entry.token, expiresAt: entry.expiresAt };
    } catch {
      return undefined;
    }
  }

  async put(clusterId: string, identity: string, token: CachedToken): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const target = this.file(clusterId);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ ...token, identity } satisfies Entry), {
      mode: 0o600,
    });
    await rename(temporary, target);
  }

  async clear(): Promise<void> {
    await rm(this.directory, { recursive: true, force: true });
  }
}
