import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts secrets that must be read back later (webhook signing secrets, which sign with the
 * plain value), AES-256-GCM under a key derived from the deployment's sealing key material. The
 * caller names what the secret belongs to; it is bound as additional data, so a sealed value
 * copied onto another record does not open.
 */
const VERSION = 'v1';

export class Sealer {
  private constructor(private readonly key: Buffer) {}

  static fromKeyMaterial(material: string): Sealer {
    if (material.length < 32) throw new Error('The sealing key material is too short.');
    const key = hkdfSync('sha256', material, 'vks', 'webhook-secrets', 32);
    return new Sealer(Buffer.from(key));
  }

  seal(plaintext: string, belongsTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(belongsTo));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    return `${VERSION}.${sealed}`;
  }

  open(sealed: string, belongsTo: string): string {
    const [version, data] = sealed.split('.');
    if (version !== VERSION || !data) throw new Error('The sealed value has an unknown format.');
    const bytes = Buffer.from(data, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(belongsTo));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }
}
