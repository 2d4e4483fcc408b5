import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { newKeyRing, isStoredKeyRing, rotate, type StoredKeyRing } from '../identity/key-ring';
import type { SigningKeySource } from '../ports/signing-key-source';

/**
 * AWS runtime: the key ring is the JSON value of a Secrets Manager secret. CDK creates the secret
 * with a placeholder; the first cold start that finds no ring writes one. The write carries a fixed
 * `ClientRequestToken`, so when several cold starts race, Secrets Manager keeps the first version
 * and refuses the others, which then read the winner.
 */
export const INITIAL_KEY_VERSION = 'vks-initial-signing-key-0001';

export class SecretsManagerSigningKeys implements SigningKeySource {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  async load(): Promise<StoredKeyRing> {
    const existing = await this.read();
    if (existing) return existing;

    const ring = await newKeyRing();
    try {
      await this.client.send(
        new PutSecretValueCommand({
          SecretId: this.secretId,
          SecretString: JSON.stringify(ring),
          ClientRequestToken: INITIAL_KEY_VERSION,
        }),
      );
      return ring;
    } catch (err) {
      if (!(err instanceof ResourceExistsException)) throw err;
      const winner = await this.read();
      if (!winner) throw new Error('The signing key secret holds no key ring.', { cause: err });
      return winner;
    }
  }

  async rotate(): Promise<StoredKeyRing> {
    const next = await rotate(await this.load());
    await this.client.send(
      new PutSecretValueCommand({
        SecretId: this.secretId,
        SecretString: JSON.stringify(next),
        ClientRequestToken: randomUUID(),
      }),
    );
    return next;
  }

  private async read(): Promise<StoredKeyRing | undefined> {
    const { SecretString } = await this.client.send(
      new GetSecretValueCommand({ SecretId: this.secretId }),
    );
    if (!SecretString) return undefined;
    const parsed: unknown = JSON.parse(SecretString);
    return isStoredKeyRing(parsed) ? parsed : undefined;
  }
}
