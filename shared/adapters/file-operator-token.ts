import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OperatorCredentialSource } from '../ports/operator-credential';

export const OPERATOR_TOKEN_PREFIX = 'vkso_';

/**
 * Local runtime: the operator token is a file under the data directory, created on first start
 * with mode 0600 and the `wx` flag, so that two processes starting at once agree on one token.
 */
export class FileOperatorToken implements OperatorCredentialSource {
  constructor(private readonly path: string) {}

  async load(): Promise<string> {
    const existing = await this.read();
    if (existing) return existing;

    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const token = `${OPERATOR_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    try {
      await writeFile(this.path, `${token}\n`, { mode: 0o600, flag: 'wx' });
      return token;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const winner = await this.read();
      if (!winner)
        throw new Error(`The operator token file ${this.path} is empty.`, { cause: err });
      return winner;
    }
  }

  private async read(): Promise<string | undefined> {
    try {
      return (await readFile(this.path, 'utf8')).trim() || undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}
