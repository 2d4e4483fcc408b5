import { createHash, randomBytes } from 'node:crypto';

/**
 * Opaque secrets handed to clients (refresh tokens, API keys, invitations): a recognisable prefix,
 * the ids needed to find the record inside its enterprise's partition, and 32 random bytes. Only
 * a SHA-256 hash is stored; with 256 bits of entropy a slow hash adds nothing.
 */
export interface OpaqueToken {
  readonly token: string;
  readonly hash: string;
}

export interface ParsedOpaqueToken {
  readonly enterpriseId: string;
  readonly recordId: string;
  readonly hash: string;
}

export function hashSecret(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function newOpaqueToken(
  prefix: string,
  enterpriseId: string,
  recordId: string,
): OpaqueToken {
  const token = `${prefix}${enterpriseId}.${recordId}.${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashSecret(token) };
}

const shape = /^([a-z]+_)(ent_[a-z2-7]{26})\.([a-z]+_[a-z2-7]{26})\.([A-Za-z0-9_-]{43})$/;

export function parseOpaqueToken(prefix: string, token: string): ParsedOpaqueToken | undefined {
  const match = shape.exec(token);
  if (!match || match[1] !== prefix) return undefined;
  return { enterpriseId: match[2]!, recordId: match[3]!, hash: hashSecret(token) };
}
