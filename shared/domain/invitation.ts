/** How long an invitation can be accepted. */
export const INVITATION_TTL_DAYS = 7;

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface Invitation {
  readonly id: string;
  readonly enterpriseId: string;
  readonly email: string;
  readonly role: string;
  readonly invitedBy: string;
  readonly createdAt: string;
  readonly validUntil: string;
  readonly acceptedAt?: string;
  readonly accountId?: string;
  readonly revokedAt?: string;
}

export function invitationStatus(invitation: Invitation, now: Date): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  if (Date.parse(invitation.validUntil) <= now.getTime()) return 'expired';
  return 'pending';
}
