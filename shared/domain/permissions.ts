/**
 * The closed catalogue of permissions. A route checks exactly one of them, inside the caller's
 * enterprise. Names are `resource:action`.
 */
export const Permissions = {
  'enterprise:read': 'Read the enterprise and its basic information.',
  'enterprise:update': 'Change the enterprise name, contact e-mail and billing address.',
  'members:read': 'List the members of the enterprise.',
  'members:manage': 'Invite, change the role of, and remove members.',
  'roles:manage': 'Define, change and delete custom roles.',
  'api-keys:manage': 'Create and revoke API keys.',
  'audit:read': 'Read the audit log.',
  'usage:read': 'Read GPU limits and what is reserved.',
  'clusters:read': 'See every virtual cluster of the enterprise.',
  'clusters:create': 'Create virtual clusters.',
  'clusters:update': 'Change the GPU limits of virtual clusters.',
  'clusters:delete': 'Delete virtual clusters.',
  'clusters:grant': 'Grant and revoke access to virtual clusters.',
  'service-exports:manage': 'Create and delete service exports.',
  'webhooks:manage': 'Manage webhook endpoints and read their deliveries.',
  'events:read': 'Read the event feed.',
  'administrator:transfer': 'Hand the administrator role to another member.',
} as const;

export type Permission = keyof typeof Permissions;

export const allPermissions = Object.keys(Permissions) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(Permissions, value);
}

/**
 * Permissions that belong to the administrator alone: no custom role and no API key may hold them,
 * so that the one administrator stays the only account that can hand its role over.
 */
export const administratorOnly: ReadonlySet<Permission> = new Set(['administrator:transfer']);

export const grantablePermissions = allPermissions.filter((p) => !administratorOnly.has(p));
