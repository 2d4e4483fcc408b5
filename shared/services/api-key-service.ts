import { API_KEY_PREFIX, isUsable, type ApiKey } from '../domain/api-key';
import { DomainError, notFound, unauthenticated } from '../domain/errors';
import { newId } from '../domain/ids';
import type { Permission } from '../domain/permissions';
import type { RequestContext } from '../domain/request-context';
import { checkGrantable } from '../domain/roles';
import { newOpaqueToken, parseOpaqueToken } from '../identity/opaque-token';
import {
  findApiKey,
  getApiKeyAndOwner,
  putNewApiKey,
  revokeApiKey,
  touchApiKey,
} from '../store/api-key-store';
import { recordAudit } from '../store/audit-log';
import { Transaction } from '../store/transaction';
import { permissionsOf, type Principal } from './access';
import type { CoreDependencies } from './dependencies';

export interface ApiKeyInput {
  readonly name: string;
  readonly permissions: readonly Permission[];
  readonly expiresAt?: string | undefined;
}

/** Creates an API key acting for the caller's account; the secret is returned once, here. */
export async function createApiKey(
  deps: CoreDependencies,
  principal: Principal,
  input: ApiKeyInput,
  context: RequestContext,
): Promise<{ apiKey: ApiKey; key: string }> {
  checkGrantable(input.permissions, principal.permissions, 'permissions');
  const now = deps.now();
  if (input.expiresAt !== undefined && Date.parse(input.expiresAt) <= now.getTime()) {
    throw new DomainError('validation-failed', 'The expiry is in the past.', {
      fields: [{ field: 'expiresAt', message: 'Give a time in the future.' }],
    });
  }

  const id = newId('key');
  const secret = newOpaqueToken(API_KEY_PREFIX, principal.enterpriseId, id);
  const apiKey: ApiKey = {
    id,
    enterpriseId: principal.enterpriseId,
    accountId: principal.accountId,
    name: input.name,
    prefix: API_KEY_PREFIX,
    lastCharacters: secret.token.slice(-4),
    permissions: [...new Set(input.permissions)].sort(),
    createdAt: now.toISOString(),
    ...(input.expiresAt !== undefined
      ? { validUntil: new Date(input.expiresAt).toISOString() }
      : {}),
  };

  const tx = new Transaction(deps.table);
  putNewApiKey(tx, { ...apiKey, keyHash: secret.hash });
  recordAudit(tx, principal.enterpriseId, context, {
    action: 'api-key.created',
    target: { type: 'api-key', id },
    details: { name: apiKey.name, permissions: apiKey.permissions },
  });
  await tx.commit();
  return { apiKey, key: secret.token };
}

export async function revokeKey(
  deps: CoreDependencies,
  enterpriseId: string,
  id: string,
  context: RequestContext,
): Promise<void> {
  const key = await findApiKey(deps.table, enterpriseId, id);
  if (!key) throw notFound('The API key');
  if (key.revokedAt) return;

  const tx = new Transaction(deps.table);
  revokeApiKey(tx, enterpriseId, id, deps.now().toISOString());
  recordAudit(tx, enterpriseId, context, {
    action: 'api-key.revoked',
    target: { type: 'api-key', id },
    details: { name: key.name },
  });
  await tx.commit();
}

export const isApiKey = (bearer: string) => bearer.startsWith(API_KEY_PREFIX);

/**
 * Resolves an API key to the principal it acts as. The key finds its record by the ids it
 * carries; the hash, revocation, expiry and the owner's status are checked on every request, and
 * the key holds its own permissions only as far as its owner still holds them.
 */
export async function principalOfApiKey(
  deps: CoreDependencies,
  bearer: string,
): Promise<Principal> {
  const parsed = parseOpaqueToken(API_KEY_PREFIX, bearer);
  if (!parsed) throw unauthenticated('The API key is not valid.');
  const { key, owner } = await getApiKeyAndOwner(deps.table, parsed.enterpriseId, parsed.recordId);
  const now = deps.now();
  if (!key || key.keyHash !== parsed.hash) throw unauthenticated('The API key is not valid.');
  if (!isUsable(key, now)) throw unauthenticated('The API key was revoked or has expired.');
  if (!owner || owner.status !== 'active') {
    throw unauthenticated('The account the API key acts for is disabled.');
  }

  const held = await permissionsOf(deps, owner);
  await touchApiKey(deps.table, key, now);
  return {
    enterpriseId: owner.enterpriseId,
    accountId: owner.id,
    role: owner.role,
    permissions: new Set(key.permissions.filter((p) => held.has(p))),
    apiKeyId: key.id,
  };
}
