import { DomainError } from '../domain/errors';
import type { Invitation } from '../domain/invitation';
import { getItem, withoutKeys } from './items';
import { queryPage, type Page, type PageRequest } from './pages';
import type { Table } from './table';
import type { Transaction } from './transaction';

export const INVITATION_PREFIX = 'INVITE#';

export const invitationKey = (enterpriseId: string, id: string) => ({
  PK: `ENT#${enterpriseId}`,
  SK: `${INVITATION_PREFIX}${id}`,
});

/** An invitation as stored: the token's hash stays in the store layer. */
export interface StoredInvitation extends Invitation {
  readonly tokenHash: string;
}

export function toInvitation(stored: StoredInvitation): Invitation {
  const { tokenHash: _hash, ...invitation } = stored;
  return invitation;
}

export async function findInvitation(
  table: Table,
  enterpriseId: string,
  id: string,
): Promise<StoredInvitation | undefined> {
  const item = await getItem(table, invitationKey(enterpriseId, id));
  return item && withoutKeys<StoredInvitation>(item);
}

export async function listInvitations(
  table: Table,
  enterpriseId: string,
  page: PageRequest,
): Promise<Page<Invitation>> {
  const result = await queryPage(table, {
    ...page,
    partition: `ENT#${enterpriseId}`,
    prefix: INVITATION_PREFIX,
  });
  return {
    ...result,
    items: result.items.map((i) => toInvitation(withoutKeys<StoredInvitation>(i))),
  };
}

export function putNewInvitation(tx: Transaction, invitation: StoredInvitation): void {
  tx.put({
    Item: {
      ...invitationKey(invitation.enterpriseId, invitation.id),
      kind: 'invitation',
      ...invitation,
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
}

const pendingCondition =
  'tokenHash = :hash AND attribute_not_exists(acceptedAt) AND attribute_not_exists(revokedAt) ' +
  'AND validUntil > :now';

/**
 * Marks the invitation used. The condition on the token hash, on it being unused and unrevoked,
 * and on its validity is what makes an invitation good for exactly one account.
 */
export function markAccepted(
  tx: Transaction,
  invitation: StoredInvitation,
  accountId: string,
  now: string,
): void {
  tx.update(
    {
      Key: invitationKey(invitation.enterpriseId, invitation.id),
      UpdateExpression: 'SET acceptedAt = :now, accountId = :account',
      ConditionExpression: pendingCondition,
      ExpressionAttributeValues: {
        ':hash': invitation.tokenHash,
        ':now': now,
        ':account': accountId,
      },
    },
    () => new DomainError('gone', 'The invitation was accepted, revoked or expired.'),
  );
}

export function markRevoked(tx: Transaction, invitation: StoredInvitation, now: string): void {
  tx.update(
    {
      Key: invitationKey(invitation.enterpriseId, invitation.id),
      UpdateExpression: 'SET revokedAt = :now',
      ConditionExpression: 'attribute_not_exists(acceptedAt) AND attribute_not_exists(revokedAt)',
      ExpressionAttributeValues: { ':now': now },
    },
    () => new DomainError('conflict', 'The invitation was already accepted or revoked.'),
  );
}
