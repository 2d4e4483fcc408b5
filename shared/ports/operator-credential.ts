/** Where the platform operator's token lives: Secrets Manager in AWS, the data directory locally. */
export interface OperatorCredentialSource {
  load(): Promise<string>;
}
