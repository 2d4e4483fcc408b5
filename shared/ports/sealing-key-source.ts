/** Where the key material of the `Sealer` comes from: a local file, or a secret in AWS. */
export interface SealingKeySource {
  load(): Promise<string>;
}
