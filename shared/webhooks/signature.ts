import { createHmac, randomBytes } from 'node:crypto';
import { SECRET_BYTES, SECRET_PREFIX } from '../domain/webhook';

export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/**
 * The `webhook-signature` header of the Standard Webhooks specification: for each secret that
 * signs, `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the secret's decoded bytes,
 * separated by spaces, so that a receiver holding either secret of a rotation verifies.
 */
export function signatureHeader(
  secrets: readonly string[],
  messageId: string,
  timestampSeconds: number,
  body: string,
): string {
  const content = `${messageId}.${timestampSeconds}.${body}`;
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
      return `v1,${createHmac('sha256', key).update(content).digest('base64')}`;
    })
    .join(' ');
}
