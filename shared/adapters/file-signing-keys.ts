import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { newKeyRing, isStoredKeyRing, rotate, type StoredKeyRing } from '../identity/key-ring';
import type { SigningKeySource } from '../ports/signing-key-source';

/**
 * Local runtime: the key ring is a file under the data directory, created on first start with
 * mode 0600. It is created with the `wx` flag, so two processes starting at once agree on one ring.
 */
export class FileSigningKeys implements SigningKeySource {
  constructor(private readonly path: string) {}

  async load(): Promise<StoredKeyRing> {
    const existing = await this.read();
    if (existing) return existing;

    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const ring = await newKeyRing();
    try {
      await writeFile(this.path, JSON.stringify(ring, null, 2), { mode: 0o600, flag: 'wx' });
      return ring;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const winner = await this.read();
      if (!winner)
        throw new Error(`The signing key file ${this.path} is not a key ring.`, { cause: err });
      return winner;
    }
  }

  async rotate(): Promise<StoredKeyRing> {
    const next = await rotate(await this.load());
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(next, null, 2), { mode: 0o600 });
    await rename(temporary, this.path);
    return next;
  }

  private async read(): Promise<StoredKeyRing | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const parsed: unknown = JSON.parse(text);
    if (!isStoredKeyRing(parsed))
      throw new Error(`The signing key file ${this.path} is not a key ring.`);
    return parsed;
  }
}
