import { allPermissions, type Permission } from './permissions';

export const ADMINISTRATOR = 'administrator';
export const MEMBER = 'member';

export type BuiltInRole = typeof ADMINISTRATOR | typeof MEMBER;

/** A member reads what it has been granted and nothing more. */
const memberPermissions: readonly Permission[] = ['enterprise:read', 'usage:read'];

export const builtInRoles: Record<BuiltInRole, readonly Permission[]> = {
  [ADMINISTRATOR]: allPermissions,
  [MEMBER]: memberPermissions,
};

export function isBuiltInRole(name: string): name is BuiltInRole {
  return name === ADMINISTRATOR || name === MEMBER;
}
