export { BUILT_IN_ROLES, PERMISSIONS, isRoleKey, roleHasPermission } from './roles.ts';
export type { Permission, RoleKey } from './roles.ts';
