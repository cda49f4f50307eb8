import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { PageLoading } from './components/page-loading.tsx';
import {
  loadAccountPage,
  loadAdminUsersPage,
  loadAppRoot,
  loadChangePasswordPage,
  loadHomePage,
  loadSetupPage,
} from './routes/app-chunks.ts';
import { LoginPage } from './routes/login-page.tsx';
import { NotFoundPage } from './routes/not-found-page.tsx';

// Declarative routes: react-router's data router would add ~16 kB (gzip) to the sign-in page.
const SetupPage = lazy(async () => ({ default: (await loadSetupPage()).SetupPage }));
const AppRoot = lazy(async () => ({ default: (await loadAppRoot()).AppRoot }));
const HomePage = lazy(async () => ({ default: (await loadHomePage()).HomePage }));
const AccountPage = lazy(async () => ({ default: (await loadAccountPage()).AccountPage }));
const ChangePasswordPage = lazy(async () => ({ default: (await loadChangePasswordPage()).ChangePasswordPage }));
const AdminUsersPage = lazy(async () => ({ default: (await loadAdminUsersPage()).AdminUsersPage }));

export function AppRoutes(): React.JSX.Element {
  return (
    <BrowserRouter>
      <Suspense fallback={<PageLoading />}>
        <Routes>
          {/* Public pages: plain React; sign-in is in the entry chunk, setup is fetched on its own. */}
          <Route path="/login" element={<LoginPage />} />
          <Route path="/setup" element={<SetupPage />} />
          {/* Behind sign-in: antd and the rest, fetched on the first visit. */}
          <Route element={<AppRoot />}>
            <Route index element={<HomePage />} />
            <Route path="account" element={<AccountPage />} />
            <Route path="change-password" element={<ChangePasswordPage />} />
            <Route path="admin" element={<Navigate to="/admin/users" replace />} />
            <Route path="admin/users" element={<AdminUsersPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
