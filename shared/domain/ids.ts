import { randomBytes } from 'node:crypto';

/**
 * Identifiers are a short type prefix and 16 random bytes in base32 (lower case, no padding), so
 * that a reader can tell an enterprise id from an account id at a glance, and so that ids are safe
 * in URLs, DynamoDB keys and Kubernetes names.
 */
const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';

export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

export type IdPrefix = 'ent' | 'acc' | 'ses' | 'req' | 'inv' | 'key' | 'wh' | 'vc';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${base32(randomBytes(16))}`;
}
