import { normalizeEmail, type Account } from '../domain/account';
import type { Enterprise } from '../domain/enterprise';
import { newId } from '../domain/ids';
import type { RequestContext } from '../domain/request-context';
import { ADMINISTRATOR } from '../domain/roles';
import { checkPasswordStrength, hashPassword } from '../identity/password';
import { putNewAccount } from '../store/account-store';
import { recordAudit } from '../store/audit-log';
import { putNewEnterprise } from '../store/enterprise-store';
import { Transaction } from '../store/transaction';
import type { CoreDependencies } from './dependencies';
import { openSession, type IssuedTokens } from './sessions';

export interface SignupInput {
  readonly enterpriseName: string;
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

export interface SignupResult {
  readonly enterprise: Enterprise;
  readonly account: Account;
  readonly tokens: IssuedTokens;
}

/**
 * Creates an enterprise and its administrator in one transaction. The e-mail item's conditional
 * put is what makes the address unique under any number of concurrent sign-ups; the limit and the
 * role come from the platform, never from the request.
 */
export async function signUp(
  deps: CoreDependencies,
  input: SignupInput,
  context: RequestContext,
): Promise<SignupResult> {
  const email = normalizeEmail(input.email);
  await checkPasswordStrength(input.password, email);
  await deps.rateLimiter.hit(
    { scope: 'signup', limit: deps.abuseLimits.signupsPerHour, windowSeconds: 3600 },
    context.sourceIp,
  );

  const now = deps.now().toISOString();
  const enterpriseId = newId('ent');
  const accountId = newId('acc');
  const account: Account = {
    id: accountId,
    enterpriseId,
    email,
    name: input.name.trim(),
    role: ADMINISTRATOR,
    status: 'active',
    createdAt: now,
    version: 1,
  };
  const enterprise: Enterprise = {
    id: enterpriseId,
    name: input.enterpriseName.trim(),
    contactEmail: email,
    billingAddress: null,
    administratorId: accountId,
    parallelismLimit: { total: deps.defaultParallelismLimit, perType: {} },
    createdAt: now,
    updatedAt: now,
    version: 1,
  };

  const tx = new Transaction(deps.table);
  putNewEnterprise(tx, enterprise);
  putNewAccount(tx, { ...account, passwordHash: await hashPassword(input.password) });
  const tokens = await openSession(deps, tx, account);
  recordAudit(
    tx,
    enterpriseId,
    { ...context, actor: { kind: 'account', id: accountId } },
    {
      action: 'enterprise.created',
      target: { type: 'enterprise', id: enterpriseId },
    },
  );
  await tx.commit();

  return { enterprise, account, tokens };
}
