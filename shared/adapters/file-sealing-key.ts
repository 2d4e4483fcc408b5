import { randomBytes } from 'node:crypto';
import type { SealingKeySource } from '../ports/sealing-key-source';
import { readOrCreateSecretFile } from './secret-file';

/** Local runtime: the sealing key material is a file under the data directory, made on first start. */
export class FileSealingKey implements SealingKeySource {
  constructor(private readonly path: string) {}

  load(): Promise<string> {
    return readOrCreateSecretFile(
      this.path,
      () => randomBytes(32).toString('base64url'),
      'sealing key',
    );
  }
}
