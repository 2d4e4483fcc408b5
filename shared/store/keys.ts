/**
 * Key layout of the one table. Every item that belongs to an enterprise has `ENT#<id>` as its
 * partition key, so a request can only ever touch its own tenant's partition (and IAM's
 * `dynamodb:LeadingKeys` could fence it). The few service-wide items (the e-mail index, rate-limit
 * counters) have partition keys of their own kind and hold no tenant data beyond ids.
 */
export const keys = {
  enterprise: (enterpriseId: string) => ({ PK: `ENT#${enterpriseId}`, SK: 'PROFILE' }),
  account: (enterpriseId: string, accountId: string) => ({
    PK: `ENT#${enterpriseId}`,
    SK: `ACCOUNT#${accountId}`,
  }),
  accountPrefix: 'ACCOUNT#',
  email: (normalizedEmail: string) => ({ PK: `EMAIL#${normalizedEmail}`, SK: 'EMAIL' }),
  session: (enterpriseId: string, sessionId: string) => ({
    PK: `ENT#${enterpriseId}`,
    SK: `SESSION#${sessionId}`,
  }),
  rateCounter: (scope: string, subject: string, windowStart: number) => ({
    PK: `RATE#${scope}#${subject}`,
    SK: `WINDOW#${windowStart}`,
  }),
  audit: (enterpriseId: string, at: string, id: string) => ({
    PK: `ENT#${enterpriseId}`,
    SK: `AUDIT#${at}#${id}`,
  }),
  auditPrefix: 'AUDIT#',
  event: (enterpriseId: string, at: string, id: string) => ({
    PK: `ENT#${enterpriseId}`,
    SK: `EVENT#${at}#${id}`,
  }),
  eventPrefix: 'EVENT#',
} as const;

export type ItemKey = { PK: string; SK: string };

/** The name of the TTL attribute (epoch seconds); DynamoDB removes expired items by itself. */
export const TTL_ATTRIBUTE = 'expiresAt';
