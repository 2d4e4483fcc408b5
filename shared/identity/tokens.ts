import {
  errors,
  jwtVerify,
  SignJWT,
  createLocalJWKSet,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import { DomainError, unauthenticated } from '../domain/errors';
import type { Algorithm, KeyRing } from './key-ring';

/** The audience of access tokens for the control plane's own API. */
export const API_AUDIENCE = 'vks-api';
export const ACCESS_TOKEN_TYPE = 'at+jwt';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export interface AccessClaims {
  readonly accountId: string;
  readonly enterpriseId: string;
  readonly sessionId: string;
}

export interface TokenServiceOptions {
  readonly issuer: string;
  /** The audience of tokens for the control plane's own API. */
  readonly apiAudience: string;
  readonly keys: KeyRing;
  /**
   * Reads the key ring again. A token naming a key this process has not seen makes it reload (at
   * most every 30 seconds), so after a rotation every instance verifies the new key's tokens.
   */
  readonly reload?: () => Promise<KeyRing>;
  readonly now?: () => Date;
}

const RELOAD_INTERVAL_MS = 30_000;
/** How long a process signs with a ring before reading it again, so that rotations reach it. */
export const KEY_RING_MAX_AGE_MS = 5 * 60_000;

/**
 * Signs and verifies the control plane's JWTs. Verification accepts only EdDSA and only keys of
 * the ring, so a token signed with `none`, with HMAC over the public key, or by anyone else fails.
 */
export class TokenService {
  readonly issuer: string;
  readonly apiAudience: string;
  private keys: KeyRing;
  private jwks: ReturnType<typeof createLocalJWKSet>;
  private readonly reload: (() => Promise<KeyRing>) | undefined;
  /** When the ring was last read, and when an unknown key id last made it read again. */
  private loadedAt = Date.now();
  private lastUnknownKeyReload = 0;
  private readonly now: () => Date;

  constructor(options: TokenServiceOptions) {
    this.issuer = options.issuer;
    this.apiAudience = options.apiAudience;
    this.keys = options.keys;
    this.jwks = createLocalJWKSet(this.publicKeys());
    this.reload = options.reload;
    this.now = options.now ?? (() => new Date());
  }

  /** Reads the ring again; true when its keys changed. */
  private async reloadKeys(): Promise<boolean> {
    if (!this.reload) return false;
    const next = await this.reload();
    this.loadedAt = Date.now();
    const changed =
      next.published.map((k) => k.kid).join() !== this.keys.published.map((k) => k.kid).join();
    this.keys = next;
    this.jwks = createLocalJWKSet(this.publicKeys());
    return changed;
  }

  publicKeys(): JSONWebKeySet {
    return { keys: this.keys.published.map((k) => k.publicJwk) };
  }

  async sign(
    payload: JWTPayload,
    options: {
      subject: string;
      audience: string;
      ttlSeconds: number;
      type: string;
      /** EdDSA unless the audience cannot verify it (Kubernetes needs RS256). */
      algorithm?: Algorithm;
    },
  ): Promise<{ token: string; expiresAt: Date }> {
    if (Date.now() - this.loadedAt > KEY_RING_MAX_AGE_MS) await this.reloadKeys();
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const expiresAt = issuedAt + options.ttlSeconds;
    const key = this.keys.active[options.algorithm ?? 'EdDSA'];
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: options.type })
      .setIssuer(this.issuer)
      .setSubject(options.subject)
      .setAudience(options.audience)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(crypto.randomUUID())
      .sign(key.privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  async issueAccessToken(claims: AccessClaims): Promise<{ token: string; expiresIn: number }> {
    const { token } = await this.sign(
      { ent: claims.enterpriseId, sid: claims.sessionId },
      {
        subject: claims.accountId,
        audience: this.apiAudience,
        ttlSeconds: ACCESS_TOKEN_TTL_SECONDS,
        type: ACCESS_TOKEN_TYPE,
      },
    );
    return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }

  async verifyAccessToken(token: string): Promise<AccessClaims> {
    const payload = await this.verify(token, this.apiAudience, ACCESS_TOKEN_TYPE);
    const { sub, ent, sid } = payload;
    if (typeof sub !== 'string' || typeof ent !== 'string' || typeof sid !== 'string') {
      throw unauthenticated('The access token lacks required claims.');
    }
    return { accountId: sub, enterpriseId: ent, sessionId: sid };
  }

  /** Verifies a token of one audience, type and algorithm; any other algorithm is refused. */
  async verify(
    token: string,
    audience: string,
    type: string,
    algorithm: Algorithm = 'EdDSA',
  ): Promise<JWTPayload> {
    try {
      return await this.verifyWithCurrentKeys(token, audience, type, algorithm);
    } catch (err) {
      const unknownKey =
        err instanceof DomainError && err.cause instanceof errors.JWKSNoMatchingKey;
      if (unknownKey && Date.now() - this.lastUnknownKeyReload > RELOAD_INTERVAL_MS) {
        this.lastUnknownKeyReload = Date.now();
        if (await this.reloadKeys()) {
          return this.verifyWithCurrentKeys(token, audience, type, algorithm);
        }
      }
      throw err;
    }
  }

  private async verifyWithCurrentKeys(
    token: string,
    audience: string,
    type: string,
    algorithm: Algorithm,
  ): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        algorithms: [algorithm],
        issuer: this.issuer,
        audience,
        typ: type,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
        currentDate: this.now(),
      });
      return payload;
    } catch (err) {
      if (err instanceof errors.JOSEError) {
        const message =
          err instanceof errors.JWTExpired
            ? 'The access token has expired.'
            : 'The access token is not valid.';
        throw new DomainError('unauthenticated', message, { cause: err });
      }
      throw err;
    }
  }
}
