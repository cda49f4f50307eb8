/** Built-in role keys (DESIGN.md contract) and the rights each holds. Custom roles come with the CRM. */
export const BUILT_IN_ROLES = ['admin', 'sales_manager', 'sales_rep', 'read_only'] as const;
export type RoleKey = (typeof BUILT_IN_ROLES)[number];

export const PERMISSIONS = ['users.read', 'users.manage', 'settings.manage'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<RoleKey, readonly Permission[]> = {
  admin: ['users.read', 'users.manage', 'settings.manage'],
  sales_manager: [],
  sales_rep: [],
  read_only: [],
};

export function isRoleKey(value: string): value is RoleKey {
  return (BUILT_IN_ROLES as readonly string[]).includes(value);
}

/** The one answer to "may a person with this role do this?". */
export function roleHasPermission(role: string, permission: Permission): boolean {
  return isRoleKey(role) && ROLE_PERMISSIONS[role].includes(permission);
}
