import { normalizeEmail, type Account } from '../domain/account';
import { DomainError, notFound } from '../domain/errors';
import { newId } from '../domain/ids';
import { INVITATION_TTL_DAYS, invitationStatus, type Invitation } from '../domain/invitation';
import type { RequestContext } from '../domain/request-context';
import { checkGrantable } from '../domain/roles';
import { newOpaqueToken, parseOpaqueToken } from '../identity/opaque-token';
import { checkPasswordStrength, hashPassword } from '../identity/password';
import { findEmailOwner, putNewAccount } from '../store/account-store';
import { recordAudit } from '../store/audit-log';
import {
  findInvitation,
  markAccepted,
  markRevoked,
  putNewInvitation,
} from '../store/invitation-store';
import { recordEvent } from '../store/outbox';
import { checkRoleExists, moveHolder } from '../store/role-store';
import { Transaction } from '../store/transaction';
import { grantedByRole, type Principal } from './access';
import type { CoreDependencies } from './dependencies';
import { openSession, type IssuedTokens } from './sessions';

export const INVITATION_TOKEN_PREFIX = 'vksi_';

const emailTaken = () =>
  new DomainError('email-taken', 'An account with this e-mail address already exists.', {
    fields: [{ field: 'email', message: 'This e-mail address is already in use.' }],
  });

/**
 * Invites someone by e-mail with a role. The token is returned once, here, and never again.
 *
 * Known limitation: several pending invitations for one address can exist at once. The e-mail
 * item's conditional put at acceptance still makes one account; the later acceptances get
 * `email-taken`.
 */
export async function invite(
  deps: CoreDependencies,
  principal: Principal,
  input: { email: string; role: string },
  context: RequestContext,
): Promise<{ invitation: Invitation; token: string }> {
  const email = normalizeEmail(input.email);
  checkGrantable(
    await grantedByRole(deps, principal.enterpriseId, input.role),
    principal.permissions,
    'role',
  );
  if (await findEmailOwner(deps.table, email)) throw emailTaken();

  const now = deps.now();
  const id = newId('inv');
  const secret = newOpaqueToken(INVITATION_TOKEN_PREFIX, principal.enterpriseId, id);
  const invitation: Invitation = {
    id,
    enterpriseId: principal.enterpriseId,
    email,
    role: input.role,
    invitedBy: principal.accountId,
    createdAt: now.toISOString(),
    validUntil: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000).toISOString(),
  };

  const tx = new Transaction(deps.table);
  putNewInvitation(tx, { ...invitation, tokenHash: secret.hash });
  checkRoleExists(tx, principal.enterpriseId, input.role);
  recordAudit(tx, principal.enterpriseId, context, {
    action: 'member.invited',
    target: { type: 'invitation', id },
    details: { email, role: input.role },
  });
  recordEvent(tx, principal.enterpriseId, 'member.invited', {
    invitationId: id,
    email,
    role: input.role,
  });
  await tx.commit();
  return { invitation, token: secret.token };
}

export async function revokeInvitation(
  deps: CoreDependencies,
  enterpriseId: string,
  id: string,
  context: RequestContext,
): Promise<void> {
  const invitation = await findInvitation(deps.table, enterpriseId, id);
  if (!invitation) throw notFound('The invitation');

  const tx = new Transaction(deps.table);
  markRevoked(tx, invitation, deps.now().toISOString());
  recordAudit(tx, enterpriseId, context, {
    action: 'invitation.revoked',
    target: { type: 'invitation', id },
    details: { email: invitation.email },
  });
  await tx.commit();
}

const unusable = () => new DomainError('gone', 'The invitation was accepted, revoked or expired.');

/**
 * Creates the member's account and its first session in one transaction with marking the
 * invitation used: a token accepted twice, even at the same instant, makes one account.
 */
export async function acceptInvitation(
  deps: CoreDependencies,
  token: string,
  input: { name: string; password: string },
  context: RequestContext,
): Promise<{ account: Account; tokens: IssuedTokens }> {
  const parsed = parseOpaqueToken(INVITATION_TOKEN_PREFIX, token);
  if (!parsed) throw notFound('The invitation');
  const invitation = await findInvitation(deps.table, parsed.enterpriseId, parsed.recordId);
  if (!invitation || invitation.tokenHash !== parsed.hash) throw notFound('The invitation');
  const now = deps.now();
  if (invitationStatus(invitation, now) !== 'pending') throw unusable();
  checkPasswordStrength(input.password, invitation.email);

  const account: Account = {
    id: newId('acc'),
    enterpriseId: invitation.enterpriseId,
    email: invitation.email,
    name: input.name.trim(),
    role: invitation.role,
    status: 'active',
    createdAt: now.toISOString(),
    version: 1,
  };
  const actor = { ...context, actor: { kind: 'account' as const, id: account.id } };

  const tx = new Transaction(deps.table);
  markAccepted(tx, invitation, account.id, now.toISOString());
  putNewAccount(tx, { ...account, passwordHash: await hashPassword(input.password) });
  moveHolder(tx, account.enterpriseId, undefined, account.role);
  const tokens = await openSession(deps, tx, account);
  recordAudit(tx, account.enterpriseId, actor, {
    action: 'member.joined',
    target: { type: 'account', id: account.id },
    details: { invitationId: invitation.id, role: account.role },
  });
  recordEvent(tx, account.enterpriseId, 'member.joined', {
    accountId: account.id,
    email: account.email,
    role: account.role,
  });
  await tx.commit();
  return { account, tokens };
}
