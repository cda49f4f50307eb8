/**
 * The signed-in side of recovery (docs/recovery-api.md): the person's backup channels and
 * security questions, and the administrator's user actions, recovery requests and lockout settings.
 */
import type { z } from 'zod';
import type * as recovery from '../../shared/recovery.ts';
import type { SecurityQuestionKey } from '../../shared/security-questions.ts';
import { api } from './client.ts';

export type AccountRecovery = z.infer<typeof recovery.accountRecoveryResponse>;
export type BackupChannel = z.infer<typeof recovery.backupChannelSchema>;
export type BackupChannelSent = z.infer<typeof recovery.backupChannelSentResponse>;
export type SecurityAnswer = { question: SecurityQuestionKey; answer: string };
export type RecoverySettings = recovery.RecoverySettings;
export type RecoveryRequest = recovery.RecoveryRequestView;
export type RecoveryRequestFilter = 'pending' | 'all';
export type ApproveRecovery = z.infer<typeof recovery.approveRecoveryRequest>;
export type TemporaryPassword = z.infer<typeof recovery.temporaryPasswordResponse>;
export type ApproveRecoveryAnswer = z.infer<typeof recovery.approveRecoveryResponse>;

const ACCOUNT = '/api/account/recovery';
const user = (id: string): string => `/api/admin/users/${encodeURIComponent(id)}`;
const request = (id: string): string => `/api/admin/recovery-requests/${encodeURIComponent(id)}`;

export const accountRecoveryApi = {
  get: (): Promise<AccountRecovery> => api.get(ACCOUNT),
  startBackupEmail: (email: string): Promise<BackupChannelSent> => api.post(`${ACCOUNT}/backup-email`, { email }),
  confirmBackupEmail: (code: string): Promise<void> => api.post(`${ACCOUNT}/backup-email/confirm`, { code }),
  removeBackupEmail: (): Promise<void> => api.delete(`${ACCOUNT}/backup-email`),
  startBackupPhone: (phone: string): Promise<BackupChannelSent> => api.post(`${ACCOUNT}/backup-phone`, { phone }),
  confirmBackupPhone: (code: string): Promise<void> => api.post(`${ACCOUNT}/backup-phone/confirm`, { code }),
  removeBackupPhone: (): Promise<void> => api.delete(`${ACCOUNT}/backup-phone`),
  setSecurityQuestions: (answers: SecurityAnswer[]): Promise<void> => api.put(`${ACCOUNT}/security-questions`, { answers }),
  removeSecurityQuestions: (): Promise<void> => api.delete(`${ACCOUNT}/security-questions`),
};

export const adminRecoveryApi = {
  sendResetLink: (userId: string): Promise<void> => api.post(`${user(userId)}/reset-link`),
  issueTemporaryPassword: (userId: string): Promise<TemporaryPassword> => api.post(`${user(userId)}/temporary-password`),
  unlock: (userId: string): Promise<void> => api.post(`${user(userId)}/unlock`),
  disable: (userId: string): Promise<void> => api.post(`${user(userId)}/disable`),
  enable: (userId: string): Promise<void> => api.post(`${user(userId)}/enable`),
  endSessions: (userId: string): Promise<void> => api.delete(`${user(userId)}/sessions`),
  requests: (status: RecoveryRequestFilter): Promise<{ data: RecoveryRequest[] }> =>
    api.get(`/api/admin/recovery-requests?status=${status}`),
  approve: (id: string, body: ApproveRecovery): Promise<ApproveRecoveryAnswer> => api.post(`${request(id)}/approve`, body),
  reject: (id: string, reason: string): Promise<void> => api.post(`${request(id)}/reject`, { reason }),
  settings: (): Promise<RecoverySettings> => api.get('/api/admin/settings/recovery'),
  saveSettings: (settings: RecoverySettings): Promise<RecoverySettings> => api.put('/api/admin/settings/recovery', settings),
};
