import type { Permission } from './permissions';

/** What every API key starts with, so that a leaked key is recognisable (and scannable). */
export const API_KEY_PREFIX = 'vksk_';

export interface ApiKey {
  readonly id: string;
  readonly enterpriseId: string;
  /** The account the key acts for; it never holds more than that account does now. */
  readonly accountId: string;
  readonly name: string;
  readonly prefix: string;
  /** The key's last four characters, to tell keys apart in a list. */
  readonly lastCharacters: string;
  readonly permissions: readonly Permission[];
  readonly createdAt: string;
  readonly validUntil?: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
}

export function isUsable(key: ApiKey, now: Date): boolean {
  if (key.revokedAt) return false;
  return key.validUntil === undefined || Date.parse(key.validUntil) > now.getTime();
}
