import { rename, writeFile } from 'node:fs/promises';
import { isStoredKeyRing, newKeyRing, rotate, type StoredKeyRing } from '../identity/key-ring';
import type { SigningKeySource } from '../ports/signing-key-source';
import { readOrCreateSecretFile } from './secret-file';

/** Local runtime: the key ring is a JSON file under the data directory, made on first start. */
export class FileSigningKeys implements SigningKeySource {
  constructor(private readonly path: string) {}

  async load(): Promise<StoredKeyRing> {
    const text = await readOrCreateSecretFile(
      this.path,
      async () => JSON.stringify(await newKeyRing(), null, 2),
      'signing key',
    );
    const parsed: unknown = JSON.parse(text);
    if (!isStoredKeyRing(parsed))
      throw new Error(`The signing key file ${this.path} is not a key ring.`);
    return parsed;
  }

  /** Writes the rotated ring beside the file and renames it over, so no reader sees half a ring. */
  async rotate(): Promise<StoredKeyRing> {
    const next = await rotate(await this.load());
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(next, null, 2), { mode: 0o600 });
    await rename(temporary, this.path);
    return next;
  }
}
