import { api } from './client.ts';
import type { Locale } from '../i18n/locale.ts';

export type Role = 'admin' | 'sales_manager' | 'sales_rep' | 'read_only';
export const ROLES: readonly Role[] = ['admin', 'sales_manager', 'sales_rep', 'read_only'];

export interface CurrentUser {
  id: string;
  email: string;
  username: string | null;
  name: string;
  role: Role;
  locale: Locale | null;
}

export interface Me {
  user: CurrentUser;
  passwordChangeRequired: boolean;
}

export interface AdminUser {
  id: string;
  email: string;
  username: string | null;
  name: string;
  role: Role;
  status: 'active' | 'disabled';
  createdAt: number;
  lastSignInAt: number | null;
  passwordChangeRequired: boolean;
}

export interface CreatedUser {
  user: AdminUser;
  temporaryPassword: string;
  temporaryPasswordExpiresAt: number;
}

export type SignInStatus = { status: 'signed_in' } | { status: 'password_change_required' };

export const setupApi = {
  status: (): Promise<{ needed: boolean }> => api.get('/api/setup'),
  complete: (body: { token: string; name: string; email: string; username: string; password: string }): Promise<SignInStatus> =>
    api.post('/api/setup', body),
};

export const authApi = {
  login: (body: { identifier: string; password: string }): Promise<SignInStatus> => api.post('/api/auth/login', body),
  me: (): Promise<Me> => api.get('/api/auth/me'),
  logout: (): Promise<void> => api.post('/api/auth/logout'),
  changePassword: (body: { currentPassword: string; newPassword: string }): Promise<SignInStatus> =>
    api.post('/api/auth/password/change', body),
};

export const accountApi = {
  setLocale: (locale: Locale): Promise<{ user: CurrentUser }> => api.patch('/api/account', { locale }),
};

export const adminApi = {
  listUsers: (): Promise<{ data: AdminUser[] }> => api.get('/api/admin/users'),
  createUser: (body: { email: string; name: string; username?: string; role: Role }): Promise<CreatedUser> =>
    api.post('/api/admin/users', body),
};
