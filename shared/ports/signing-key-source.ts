import type { StoredKeyRing } from '../identity/key-ring';

/** Where the token signing keys live: Secrets Manager in AWS, a file under the data directory locally. */
export interface SigningKeySource {
  /** The key ring, created with one fresh key the first time it is asked for. */
  load(): Promise<StoredKeyRing>;
  /** Puts a fresh key in front of the ring and keeps the one it replaces; returns the new ring. */
  rotate(): Promise<StoredKeyRing>;
}
