import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain/errors';
import {
  checkPasswordStrength,
  hashPassword,
  verifyPassword,
} from '../../../shared/identity/password';

describe('password hashing', () => {
  it('stores scrypt at OWASP cost with a fresh salt and verifies only the right password', async () => {
    const first = await hashPassword('an unusual passphrase');
    const second = await hashPassword('an unusual passphrase');

    expect(first).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('an unusual passphrase', first)).toBe(true);
    expect(await verifyPassword('an unusual passphrasf', first)).toBe(false);
    expect(await verifyPassword('an unusual passphrase', 'bcrypt$whatever')).toBe(false);
  });
});

describe('password strength', () => {
  it.each([
    ['too short', 'short-pw', 'ada@example.com'],
    ['common', 'qwerty123456', 'ada@example.com'],
    ['common in another case', 'QWERTY123456', 'ada@example.com'],
    ['containing the e-mail name', 'lovelace-and-more', 'lovelace@example.com'],
  ])('refuses a password that is %s', async (_label, password, email) => {
    const error = await checkPasswordStrength(password, email).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation-failed');
    expect((error as DomainError).fields?.[0]?.field).toBe('password');
  });

  it('accepts a long uncommon passphrase', async () => {
    await expect(
      checkPasswordStrength('violet-harbour-lantern-42', 'ada@example.com'),
    ).resolves.toBeUndefined();
  });
});
