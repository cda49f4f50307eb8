// Everything not needed by the sign-in page is only ever loaded through these dynamic imports,
// so the sign-in page stays small (no antd, no data cache).
export const loadSetupPage = () => import('./setup-page.tsx');
export const loadAppRoot = () => import('./app/app-root.tsx');
export const loadHomePage = () => import('./app/home-page.tsx');
export const loadAccountPage = () => import('./app/account-page.tsx');
export const loadChangePasswordPage = () => import('./app/change-password-page.tsx');
export const loadAdminUsersPage = () => import('./app/admin-users-page.tsx');
