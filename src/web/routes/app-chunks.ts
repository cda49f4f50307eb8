// Everything not needed by the sign-in page is only ever loaded through these dynamic imports,
// so the sign-in page stays small (no antd, no data cache).
export const loadSetupPage = () => import('./setup-page.tsx');
export const loadRecoveryPages = () => import('./recovery/recovery-pages.ts');
export const loadAppRoot = () => import('./app/app-root.tsx');
export const loadHomePage = () => import('./app/home-page.tsx');
export const loadAccountPage = () => import('./app/account-page.tsx');
export const loadAccountSecurityPage = () => import('./app/security/account-security-page.tsx');
export const loadEnrollmentPage = () => import('./app/security/enrollment-page.tsx');
export const loadChangePasswordPage = () => import('./app/change-password-page.tsx');
export const loadAdminSection = () => import('./app/admin/admin-section.tsx');
export const loadAdminUsersPage = () => import('./app/admin-users-page.tsx');
export const loadSecuritySettingsPage = () => import('./app/admin/security-settings-page.tsx');
export const loadOutboxPage = () => import('./app/admin/outbox-page.tsx');
export const loadRecoveryRequestsPage = () => import('./app/admin/recovery-requests-page.tsx');
