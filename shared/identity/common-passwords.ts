import { MIN_PASSWORD_LENGTH } from './password-policy';

/**
 * The most common passwords from the zxcvbn-ts list (collected from public breaches). Passwords
 * shorter than the minimum length are refused anyway, so only the longer ones are kept. The list
 * is large, so it is loaded on first use: requests that set no password never pay for it, and in
 * AWS it ships beside the API bundle rather than inside it.
 */
let common: Promise<Set<string>> | undefined;

async function load(): Promise<Set<string>> {
  const { dictionary } = await import('@zxcvbn-ts/language-common');
  return new Set(dictionary['passwords-common'].filter((p) => p.length >= MIN_PASSWORD_LENGTH));
}

export async function isCommonPassword(password: string): Promise<boolean> {
  common ??= load();
  return (await common).has(password.toLowerCase());
}
