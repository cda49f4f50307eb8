/** The public "getting back in" API (docs/recovery-api.md); shapes from src/shared/recovery.ts. */
import type { z } from 'zod';
import type * as recovery from '../../shared/recovery.ts';
import type { SecurityQuestionKey } from '../../shared/security-questions.ts';
import { api } from './client.ts';
import type { CodeSent, SecondFactorProof, WebAuthnOptions } from './endpoints.ts';

export type RecoveryAccepted = z.infer<typeof recovery.recoveryAcceptedResponse>;
export type ResetLinkState = z.infer<typeof recovery.resetLinkResponse>;
export type BackupAccepted = z.infer<typeof recovery.backupRecoveryResponse>;
export type QuestionsStarted = z.infer<typeof recovery.questionsStartResponse>;
export type QuestionsAnswered = z.infer<typeof recovery.questionsAnswerResponse>;
export type AssistedStatus = z.infer<typeof recovery.assistedStatusResponse>;
export type BackupChannel = 'email' | 'phone';
export type SecurityAnswer = { question: SecurityQuestionKey; answer: string };

const BASE = '/api/auth/recovery';

export const recoveryApi = {
  /** Always 202 with the same body, whether or not an account matched. */
  request: (identifier: string): Promise<RecoveryAccepted> => api.post(`${BASE}/request`, { identifier }),
  check: (token: string): Promise<ResetLinkState> => api.post(`${BASE}/check`, { token }),
  sendCode: (token: string, method: 'sms' | 'email'): Promise<CodeSent> => api.post(`${BASE}/mfa/send`, { token, method }),
  passkeyOptions: (token: string): Promise<{ options: WebAuthnOptions }> => api.post(`${BASE}/mfa/passkey-options`, { token }),
  reset: (body: { token: string; password: string; mfa?: SecondFactorProof }): Promise<{ status: 'password_reset' }> =>
    api.post(`${BASE}/reset`, body),

  backup: (identifier: string, channel: BackupChannel): Promise<BackupAccepted> => api.post(`${BASE}/backup`, { identifier, channel }),
  /** A reset token, to continue at /reset-password like a mailed link. */
  verifyBackupCode: (attempt: string, code: string): Promise<{ token: string }> => api.post(`${BASE}/backup/verify`, { attempt, code }),

  startQuestions: (identifier: string): Promise<QuestionsStarted> => api.post(`${BASE}/questions`, { identifier }),
  answerQuestions: (attempt: string, answers: SecurityAnswer[]): Promise<QuestionsAnswered> =>
    api.post(`${BASE}/questions/answer`, { attempt, answers }),

  assisted: (body: { identifier: string; message: string; contact: string; attempt?: string }): Promise<{ status: 'accepted'; statusToken: string }> =>
    api.post(`${BASE}/assisted`, body),
  assistedStatus: (statusToken: string): Promise<AssistedStatus> => api.post(`${BASE}/assisted/status`, { statusToken }),
};
