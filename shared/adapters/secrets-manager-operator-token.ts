import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { OperatorCredentialSource } from '../ports/operator-credential';

/** AWS runtime: the operator token is a Secrets Manager secret that CDK generates. */
export class SecretsManagerOperatorToken implements OperatorCredentialSource {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  async load(): Promise<string> {
    const { SecretString } = await this.client.send(
      new GetSecretValueCommand({ SecretId: this.secretId }),
    );
    if (!SecretString || SecretString.length < 32) {
      throw new Error('The operator token secret holds no token of at least 32 characters.');
    }
    return SecretString;
  }
}
