import { dictionary } from '@zxcvbn-ts/language-common';
import { MIN_PASSWORD_LENGTH } from './password-policy';

/**
 * The most common passwords from the zxcvbn-ts list (collected from public breaches). Passwords
 * shorter than the minimum length are refused anyway, so only the longer ones are kept in memory.
 */
let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set(
    dictionary['passwords-common'].filter((entry) => entry.length >= MIN_PASSWORD_LENGTH),
  );
  return common.has(password.toLowerCase());
}
