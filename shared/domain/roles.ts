import { DomainError } from './errors';
import { administratorOnly, allPermissions, type Permission } from './permissions';

export const ADMINISTRATOR = 'administrator';
export const MEMBER = 'member';

export type BuiltInRole = typeof ADMINISTRATOR | typeof MEMBER;

/** A member reads what it has been granted and nothing more. */
const memberPermissions: readonly Permission[] = ['enterprise:read', 'usage:read'];

export const builtInRoles: Record<BuiltInRole, readonly Permission[]> = {
  [ADMINISTRATOR]: allPermissions,
  [MEMBER]: memberPermissions,
};

export const builtInDescriptions: Record<BuiltInRole, string> = {
  [ADMINISTRATOR]: 'Holds every permission. Exactly one account of the enterprise has it.',
  [MEMBER]: 'Reads the enterprise and its GPU usage; sees what it has been granted.',
};

export function isBuiltInRole(name: string): name is BuiltInRole {
  return name === ADMINISTRATOR || name === MEMBER;
}

/** A role the administrator defined. Built-in roles are not stored; they are these constants. */
export interface CustomRole {
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly Permission[];
  /** How many accounts hold the role now; a role is deleted only when this is zero. */
  readonly holders: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** Lower case, digits and hyphens: role names appear in URLs and, later, in Kubernetes groups. */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9-]{1,62}$/;

/**
 * Nobody grants what it does not hold: a custom role, an invitation, a role change or an API key
 * can carry only permissions the caller has, and never one reserved to the administrator.
 */
export function checkGrantable(
  wanted: readonly Permission[],
  held: ReadonlySet<Permission>,
  field: string,
): void {
  const reserved = wanted.filter((p) => administratorOnly.has(p));
  if (reserved.length > 0) {
    throw new DomainError('validation-failed', 'Some permissions belong to the administrator.', {
      fields: [{ field, message: `Only the administrator holds ${reserved.join(', ')}.` }],
    });
  }
  const missing = wanted.filter((p) => !held.has(p));
  if (missing.length > 0) {
    throw new DomainError('forbidden', 'You cannot grant permissions you do not hold.', {
      details: { permissions: missing },
    });
  }
}
