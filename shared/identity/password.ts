import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../domain/errors';
import { isCommonPassword } from './common-passwords';
import { withHashSlot } from './hash-slots';
import { MIN_PASSWORD_LENGTH } from './password-policy';

/**
 * scrypt at OWASP's recommended cost (N=2^17, r=8, p=1). That needs 128 MiB per hash, above
 * Node's 32 MiB default `maxmem`, so `maxmem` is raised. The parameters are stored with each hash,
 * so raising them later keeps old hashes verifiable.
 */
const defaults = { N: 2 ** 17, r: 8, p: 1 } as const;
const keyLength = 32;
const saltLength = 16;
const maxmem = 256 * 1024 * 1024;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return withHashSlot(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem }, (err, key) =>
          err ? reject(err) : resolve(key),
        );
      }),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, defaults.N, defaults.r, defaults.p);
  return [
    'scrypt',
    defaults.N,
    defaults.r,
    defaults.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;

  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64url'),
    Number(n),
    Number(r),
    Number(p),
  );
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * A hash of a password nobody knows. Signing in with an unknown e-mail verifies against it, so that
 * an unknown e-mail and a wrong password cost the same time.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString('base64url'));
  return decoy;
}

export async function checkPasswordStrength(password: string, email: string): Promise<void> {
  const problem = await passwordProblem(password, email);
  if (problem) {
    throw new DomainError('validation-failed', 'The password is too weak.', {
      fields: [{ field: 'password', message: problem }],
    });
  }
}

async function passwordProblem(password: string, email: string): Promise<string | undefined> {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (await isCommonPassword(password))
    return 'This password is among the most commonly used ones.';
  const local = email.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) {
    return 'The password must not contain the e-mail address.';
  }
  return undefined;
}
