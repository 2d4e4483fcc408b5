import type { StoredKeyRing } from '../identity/key-ring';

/** Where the token signing keys live: Secrets Manager in AWS, a file under the data directory locally. */
export interface SigningKeySource {
  /** The key ring, created with one fresh key the first time it is asked for. */
  load(): Promise<StoredKeyRing>;
}
