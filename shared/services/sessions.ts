import { createHash } from 'node:crypto';
import type { Account } from '../domain/account';
import { normalizeEmail } from '../domain/account';
import { DomainError, unauthenticated } from '../domain/errors';
import { newId } from '../domain/ids';
import type { RequestContext } from '../domain/request-context';
import { newOpaqueToken, parseOpaqueToken } from '../identity/opaque-token';
import { decoyHash, verifyPassword } from '../identity/password';
import { getAccount, findEmailOwner, toAccount, type StoredAccount } from '../store/account-store';
import { recordAudit } from '../store/audit-log';
import {
  getSession,
  isLive,
  putNewSession,
  revokeSession,
  rotateSessionToken,
  SESSION_IDLE_SECONDS,
  type Session,
} from '../store/session-store';
import { Transaction } from '../store/transaction';
import type { CoreDependencies } from './dependencies';

export const REFRESH_TOKEN_PREFIX = 'vksr_';

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly tokenType: 'Bearer';
}

/**
 * Adds a new session for the account to `tx` and returns the tokens that become valid once `tx`
 * commits. Sign-up and invitation acceptance open the first session in their own transaction.
 */
export async function openSession(
  deps: CoreDependencies,
  tx: Transaction,
  account: Account,
): Promise<IssuedTokens> {
  const now = deps.now();
  const sessionId = newId('ses');
  const refresh = newOpaqueToken(REFRESH_TOKEN_PREFIX, account.enterpriseId, sessionId);
  putNewSession(tx, {
    id: sessionId,
    enterpriseId: account.enterpriseId,
    accountId: account.id,
    tokenHash: refresh.hash,
    previousHashes: [],
    createdAt: now.toISOString(),
    refreshedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + SESSION_IDLE_SECONDS,
  });
  return issueTokens(deps, account, sessionId, refresh.token);
}

async function issueTokens(
  deps: CoreDependencies,
  account: Account,
  sessionId: string,
  refreshToken: string,
): Promise<IssuedTokens> {
  const access = await deps.tokens.issueAccessToken({
    accountId: account.id,
    enterpriseId: account.enterpriseId,
    sessionId,
  });
  return {
    accessToken: access.token,
    refreshToken,
    expiresIn: access.expiresIn,
    tokenType: 'Bearer',
  };
}

const invalidCredentials = () =>
  new DomainError('unauthenticated', 'The e-mail address or the password is wrong.');

/**
 * Signs in with e-mail and password. An unknown e-mail is checked against a decoy hash, so it
 * takes as long as a wrong password and gets the same answer.
 */
export async function signIn(
  deps: CoreDependencies,
  input: { email: string; password: string },
  context: RequestContext,
): Promise<{ account: Account; tokens: IssuedTokens }> {
  const email = normalizeEmail(input.email);
  const failures = {
    scope: 'signin-failure',
    limit: deps.abuseLimits.failedSigninsPer15Minutes,
    windowSeconds: 900,
  };
  const subject = createHash('sha256').update(email).digest('base64url');
  await deps.rateLimiter.check(failures, subject);

  const account = await findAccountForSignIn(deps, email);
  const valid = await verifyPassword(input.password, account?.passwordHash ?? (await decoyHash()));
  if (!account || !valid || account.status !== 'active') {
    await deps.rateLimiter.hit(failures, subject);
    throw invalidCredentials();
  }

  const tx = new Transaction(deps.table);
  const tokens = await openSession(deps, tx, account);
  recordAudit(
    tx,
    account.enterpriseId,
    { ...context, actor: { kind: 'account', id: account.id } },
    {
      action: 'session.created',
      target: { type: 'account', id: account.id },
    },
  );
  await tx.commit();
  return { account: toAccount(account), tokens };
}

async function findAccountForSignIn(
  deps: CoreDependencies,
  email: string,
): Promise<StoredAccount | undefined> {
  const owner = await findEmailOwner(deps.table, email);
  if (!owner) return undefined;
  return getAccount(deps.table, owner.enterpriseId, owner.accountId).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === 'not-found') return undefined;
    throw err;
  });
}

/**
 * Exchanges a refresh token for a new pair. A token that was already exchanged is a sign that it
 * leaked: the whole session is revoked, so neither the thief nor the owner can go on with it.
 */
export async function refreshSession(
  deps: CoreDependencies,
  refreshToken: string,
  context: RequestContext,
): Promise<IssuedTokens> {
  const parsed = parseOpaqueToken(REFRESH_TOKEN_PREFIX, refreshToken);
  if (!parsed) throw unauthenticated('The refresh token is not valid.');
  const now = deps.now();

  const session = await getSession(deps.table, parsed.enterpriseId, parsed.recordId);
  if (!isLive(session, now)) throw unauthenticated('The session has ended; sign in again.');
  if (session.tokenHash !== parsed.hash) {
    if (session.previousHashes.includes(parsed.hash))
      await revokeForReuse(deps, session, now, context);
    throw unauthenticated('The refresh token is no longer valid.');
  }

  const account = await getAccount(deps.table, session.enterpriseId, session.accountId);
  if (account.status !== 'active') throw unauthenticated('The account is disabled.');

  const next = newOpaqueToken(REFRESH_TOKEN_PREFIX, session.enterpriseId, session.id);
  const tx = new Transaction(deps.table);
  rotateSessionToken(tx, session, parsed.hash, next.hash, now);
  try {
    await tx.commit();
  } catch (err) {
    // A concurrent refresh with the same token won: this one is a reuse.
    if (err instanceof DomainError && err.code === 'unauthenticated')
      await revokeForReuse(deps, session, now, context);
    throw err;
  }
  return issueTokens(deps, toAccount(account), session.id, next.token);
}

async function revokeForReuse(
  deps: CoreDependencies,
  session: Session,
  now: Date,
  context: RequestContext,
): Promise<void> {
  const tx = new Transaction(deps.table);
  revokeSession(tx, session.enterpriseId, session.id, now);
  recordAudit(
    tx,
    session.enterpriseId,
    { ...context, actor: { kind: 'system' } },
    {
      action: 'session.revoked',
      target: { type: 'account', id: session.accountId },
      details: { reason: 'refresh token reuse' },
    },
  );
  await tx.commit();
}

export async function signOut(
  deps: CoreDependencies,
  enterpriseId: string,
  accountId: string,
  sessionId: string,
  context: RequestContext,
): Promise<void> {
  const tx = new Transaction(deps.table);
  revokeSession(tx, enterpriseId, sessionId, deps.now());
  recordAudit(tx, enterpriseId, context, {
    action: 'session.revoked',
    target: { type: 'account', id: accountId },
  });
  await tx.commit();
}
