export const ACCOUNT_SECURITY_PATH = '/account/security';
export const ADMIN_USERS_PATH = '/admin/users';
export const ADMIN_SECURITY_PATH = '/admin/security';
export const ADMIN_OUTBOX_PATH = '/admin/outbox';
export const ADMIN_RECOVERY_PATH = '/admin/recovery';
