import { chmod, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What `vks login` keeps: one control plane and one identity at a time. */
export interface Credentials {
  readonly url: string;
  readonly email?: string;
  readonly apiKey?: string;
  readonly accessToken?: string;
  readonly refreshToken?: string;
  /** When the access token expires, in epoch milliseconds. */
  readonly accessTokenExpiresAt?: number;
}

export function configDirectory(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'vks');
}

/**
 * The credentials file, `$XDG_CONFIG_HOME/vks/credentials.json`, readable by its owner only (the
 * directory 0700, the file 0600). Writes go through a temporary file and a rename, so a reader
 * never sees half a file.
 */
export class CredentialStore {
  readonly file: string;
  private readonly lockFile: string;

  constructor(readonly directory: string) {
    this.file = join(directory, 'credentials.json');
    this.lockFile = join(directory, 'credentials.lock');
  }

  async load(): Promise<Credentials | undefined> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Credentials;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async save(credentials: Credentials): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    await chmod(this.directory, 0o700);
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.file);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }

  /**
   * Runs `work` while holding the lock file. Refresh tokens are good for one exchange, and kubectl
   * may start several `vks token` at once: without the lock two of them would exchange the same
   * token, which the control plane takes as theft and answers by ending the session.
   */
  async withLock<T>(work: () => Promise<T>): Promise<T> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(this.lockFile, 'wx', 0o600);
        await handle.close();
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (attempt > 100 || (await this.lockIsStale())) await rm(this.lockFile, { force: true });
        await new Promise((done) => setTimeout(done, 50));
      }
    }
    try {
      return await work();
    } finally {
      await rm(this.lockFile, { force: true });
    }
  }

  private async lockIsStale(): Promise<boolean> {
    const info = await stat(this.lockFile).catch(() => undefined);
    return info !== undefined && Date.now() - info.mtimeMs > 30_000;
  }
}
