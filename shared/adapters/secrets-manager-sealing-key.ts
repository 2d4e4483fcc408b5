import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SealingKeySource } from '../ports/sealing-key-source';

/** AWS runtime: the sealing key material is a Secrets Manager secret that CDK generates. */
export class SecretsManagerSealingKey implements SealingKeySource {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  async load(): Promise<string> {
    const { SecretString } = await this.client.send(
      new GetSecretValueCommand({ SecretId: this.secretId }),
    );
    if (!SecretString) throw new Error('The webhook sealing key secret has no value.');
    return SecretString;
  }
}
