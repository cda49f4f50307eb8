import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { MFA_ENROLLMENT_PATH } from './api/client.ts';
import { PageLoading } from './components/page-loading.tsx';
import {
  loadAccountPage,
  loadAccountSecurityPage,
  loadAdminSection,
  loadAdminUsersPage,
  loadAppRoot,
  loadChangePasswordPage,
  loadEnrollmentPage,
  loadHomePage,
  loadOutboxPage,
  loadRecoveryPages,
  loadRecoveryRequestsPage,
  loadSecuritySettingsPage,
  loadSetupPage,
} from './routes/app-chunks.ts';
import { LoginPage } from './routes/login-page.tsx';
import { NotFoundPage } from './routes/not-found-page.tsx';

// Declarative routes: react-router's data router would add ~16 kB (gzip) to the sign-in page.
const SetupPage = lazy(async () => ({ default: (await loadSetupPage()).SetupPage }));
const ForgotPasswordPage = lazy(async () => ({ default: (await loadRecoveryPages()).ForgotPasswordPage }));
const ResetPasswordPage = lazy(async () => ({ default: (await loadRecoveryPages()).ResetPasswordPage }));
const BackupRecoveryPage = lazy(async () => ({ default: (await loadRecoveryPages()).BackupRecoveryPage }));
const QuestionsRecoveryPage = lazy(async () => ({ default: (await loadRecoveryPages()).QuestionsRecoveryPage }));
const AssistedRecoveryPage = lazy(async () => ({ default: (await loadRecoveryPages()).AssistedRecoveryPage }));
const AppRoot = lazy(async () => ({ default: (await loadAppRoot()).AppRoot }));
const HomePage = lazy(async () => ({ default: (await loadHomePage()).HomePage }));
const AccountPage = lazy(async () => ({ default: (await loadAccountPage()).AccountPage }));
const AccountSecurityPage = lazy(async () => ({ default: (await loadAccountSecurityPage()).AccountSecurityPage }));
const EnrollmentPage = lazy(async () => ({ default: (await loadEnrollmentPage()).EnrollmentPage }));
const ChangePasswordPage = lazy(async () => ({ default: (await loadChangePasswordPage()).ChangePasswordPage }));
const AdminSection = lazy(async () => ({ default: (await loadAdminSection()).AdminSection }));
const AdminUsersPage = lazy(async () => ({ default: (await loadAdminUsersPage()).AdminUsersPage }));
const SecuritySettingsPage = lazy(async () => ({ default: (await loadSecuritySettingsPage()).SecuritySettingsPage }));
const OutboxPage = lazy(async () => ({ default: (await loadOutboxPage()).OutboxPage }));
const RecoveryRequestsPage = lazy(async () => ({ default: (await loadRecoveryRequestsPage()).RecoveryRequestsPage }));

export function AppRoutes(): React.JSX.Element {
  return (
    <BrowserRouter>
      <Suspense fallback={<PageLoading />}>
        <Routes>
          {/* Public pages: plain React; sign-in is in the entry chunk, setup is fetched on its own. */}
          <Route path="/login" element={<LoginPage />} />
          <Route path="/setup" element={<SetupPage />} />
          {/* Getting back in: one chunk of their own, fetched on the first visit to any of them. */}
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route path="/recover/backup" element={<BackupRecoveryPage />} />
          <Route path="/recover/questions" element={<QuestionsRecoveryPage />} />
          <Route path="/recover/assisted" element={<AssistedRecoveryPage />} />
          {/* Behind sign-in: antd and the rest, fetched on the first visit. */}
          <Route element={<AppRoot />}>
            <Route index element={<HomePage />} />
            <Route path="account" element={<AccountPage />} />
            <Route path="account/security" element={<AccountSecurityPage />} />
            <Route path={MFA_ENROLLMENT_PATH.slice(1)} element={<EnrollmentPage />} />
            <Route path="change-password" element={<ChangePasswordPage />} />
            <Route path="admin" element={<AdminSection />}>
              <Route index element={<Navigate to="/admin/users" replace />} />
              <Route path="users" element={<AdminUsersPage />} />
              <Route path="security" element={<SecuritySettingsPage />} />
              <Route path="outbox" element={<OutboxPage />} />
              <Route path="recovery" element={<RecoveryRequestsPage />} />
            </Route>
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
