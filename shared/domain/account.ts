export type AccountStatus = 'active' | 'disabled';

export interface Account {
  readonly id: string;
  readonly enterpriseId: string;
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly status: AccountStatus;
  readonly createdAt: string;
  /** When the member was removed; the account stays, disabled, for the audit log's sake. */
  readonly removedAt?: string;
  readonly version: number;
}

/**
 * E-mail addresses are compared case-insensitively across the whole service. The local part is
 * case-sensitive in theory, but no mail provider a customer uses treats it so, and two accounts
 * differing only in case are a support incident waiting to happen.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
