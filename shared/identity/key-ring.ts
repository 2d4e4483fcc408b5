import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';

/**
 * Two families of signing keys. The control plane's own tokens are EdDSA (Ed25519). Cluster
 * credentials are RS256, because the Kubernetes API server's OIDC authenticator (and so EKS's
 * identity provider configs) accepts RSA and ECDSA signatures but not EdDSA.
 */
export const Algorithms = ['EdDSA', 'RS256'] as const;
export type Algorithm = (typeof Algorithms)[number];

/** The keys as kept at rest: per algorithm, newest first, each a private JWK. */
export interface StoredKeyRing {
  readonly keys: readonly StoredKey[];
}

export interface StoredKey {
  readonly kid: string;
  /** Absent on keys written before RS256 keys existed: those are EdDSA. */
  readonly alg?: Algorithm;
  readonly createdAt: string;
  readonly privateJwk: JWK;
}

export interface SigningKey {
  readonly kid: string;
  readonly alg: Algorithm;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** Per algorithm, the active key signs; the previous one stays published until its tokens expire. */
export interface KeyRing {
  readonly active: Readonly<Record<Algorithm, SigningKey>>;
  readonly published: readonly SigningKey[];
}

const algorithmOf = (key: StoredKey): Algorithm => key.alg ?? 'EdDSA';

export async function generateStoredKey(
  alg: Algorithm = 'EdDSA',
  now = new Date(),
): Promise<StoredKey> {
  const { privateKey } =
    alg === 'EdDSA'
      ? await generateKeyPair(alg, { crv: 'Ed25519', extractable: true })
      : await generateKeyPair(alg, { modulusLength: 2048, extractable: true });
  const kid = `${now.toISOString().slice(0, 10)}-${alg.toLowerCase()}-${randomBytes(4).toString('hex')}`;
  return { kid, alg, createdAt: now.toISOString(), privateJwk: await exportJWK(privateKey) };
}

/** A ring with one fresh key of each algorithm. */
export async function newKeyRing(now = new Date()): Promise<StoredKeyRing> {
  return { keys: await Promise.all(Algorithms.map((alg) => generateStoredKey(alg, now))) };
}

/**
 * Puts a fresh key of each algorithm in front and keeps, per algorithm, the one it replaces, so
 * that tokens it signed still verify. A ring that lacked an algorithm gains it here.
 */
export async function rotate(ring: StoredKeyRing, now = new Date()): Promise<StoredKeyRing> {
  const keys: StoredKey[] = [];
  for (const alg of Algorithms) {
    keys.push(
      await generateStoredKey(alg, now),
      ...ring.keys.filter((k) => algorithmOf(k) === alg).slice(0, 1),
    );
  }
  return { keys };
}

export async function openKeyRing(stored: StoredKeyRing): Promise<KeyRing> {
  const published: SigningKey[] = [];
  const active: Partial<Record<Algorithm, SigningKey>> = {};
  for (const alg of Algorithms) {
    const family = stored.keys.filter((k) => algorithmOf(k) === alg).slice(0, 2);
    if (family.length === 0) throw new Error(`The signing key ring has no ${alg} key.`);
    const opened = await Promise.all(family.map(openKey));
    active[alg] = opened[0]!;
    published.push(...opened);
  }
  return { active: active as Record<Algorithm, SigningKey>, published };
}

async function openKey(stored: StoredKey): Promise<SigningKey> {
  const alg = algorithmOf(stored);
  const privateKey = (await importJWK({ ...stored.privateJwk, alg }, alg)) as CryptoKey;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = stored.privateJwk;
  return {
    kid: stored.kid,
    alg,
    privateKey,
    publicJwk: { ...publicJwk, kid: stored.kid, alg, use: 'sig' },
  };
}

/** A well-formed ring holds at least one private key of each algorithm. */
export function isStoredKeyRing(value: unknown): value is StoredKeyRing {
  const keys = (value as StoredKeyRing | null)?.keys;
  return (
    Array.isArray(keys) &&
    keys.every((k) => typeof k?.kid === 'string' && typeof k.privateJwk?.d === 'string') &&
    Algorithms.every((alg) => keys.some((k) => algorithmOf(k) === alg))
  );
}
