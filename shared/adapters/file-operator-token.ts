import { randomBytes } from 'node:crypto';
import type { OperatorCredentialSource } from '../ports/operator-credential';
import { readOrCreateSecretFile } from './secret-file';

export const OPERATOR_TOKEN_PREFIX = 'vkso_';

/** Local runtime: the operator token is a file under the data directory, made on first start. */
export class FileOperatorToken implements OperatorCredentialSource {
  constructor(private readonly path: string) {}

  load(): Promise<string> {
    return readOrCreateSecretFile(
      this.path,
      () => `${OPERATOR_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`,
      'operator token',
    );
  }
}
