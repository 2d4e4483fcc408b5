import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';

/** The signing keys as they are kept at rest: newest first, each a private Ed25519 JWK. */
export interface StoredKeyRing {
  readonly keys: readonly StoredKey[];
}

export interface StoredKey {
  readonly kid: string;
  readonly createdAt: string;
  readonly privateJwk: JWK;
}

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** The active key signs; the previous one is still published so its tokens verify until expiry. */
export interface KeyRing {
  readonly active: SigningKey;
  readonly published: readonly SigningKey[];
}

export const ALGORITHM = 'EdDSA';

export async function generateStoredKey(now = new Date()): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
  const kid = `${now.toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  return { kid, createdAt: now.toISOString(), privateJwk: await exportJWK(privateKey) };
}

/** Puts a new key in front; keeps the one it replaces so that tokens it signed still verify. */
export async function rotate(ring: StoredKeyRing, now = new Date()): Promise<StoredKeyRing> {
  const fresh = await generateStoredKey(now);
  return { keys: [fresh, ...ring.keys.slice(0, 1)] };
}

export async function openKeyRing(stored: StoredKeyRing): Promise<KeyRing> {
  const [first, second] = stored.keys;
  if (!first) throw new Error('The signing key ring is empty.');
  const published = await Promise.all([first, second].filter((k) => k !== undefined).map(openKey));
  return { active: published[0]!, published };
}

async function openKey(stored: StoredKey): Promise<SigningKey> {
  const privateKey = (await importJWK(
    { ...stored.privateJwk, alg: ALGORITHM },
    ALGORITHM,
  )) as CryptoKey;
  const { d: _private, ...publicJwk } = stored.privateJwk;
  return {
    kid: stored.kid,
    privateKey,
    publicJwk: { ...publicJwk, kid: stored.kid, alg: ALGORITHM, use: 'sig' },
  };
}

export function isStoredKeyRing(value: unknown): value is StoredKeyRing {
  const keys = (value as StoredKeyRing | null)?.keys;
  return (
    Array.isArray(keys) &&
    keys.length > 0 &&
    keys.every((k) => typeof k?.kid === 'string' && k.privateJwk?.d)
  );
}
