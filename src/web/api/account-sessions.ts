/** The signed-in person's own sessions and sign-in history (docs/account-security-api.md). */
import type { z } from 'zod';
import type * as accountSecurity from '../../shared/account-security.ts';
import { api } from './client.ts';

export type AccountSession = accountSecurity.AccountSession;
export type SignInEvent = accountSecurity.SignInEvent;
export type DeviceKind = (typeof accountSecurity.DEVICE_KINDS)[number];
export type OtherSessionsEnded = z.infer<typeof accountSecurity.otherSessionsEndedResponse>;
export type SignInHistoryPage = z.infer<typeof accountSecurity.signInHistoryResponse>;

const SESSIONS = '/api/account/sessions';

export const accountSessionsApi = {
  list: (): Promise<{ data: AccountSession[] }> => api.get(SESSIONS),
  end: (id: string): Promise<void> => api.delete(`${SESSIONS}/${encodeURIComponent(id)}`),
  endOthers: (): Promise<OtherSessionsEnded> => api.post(`${SESSIONS}/end-others`),
  /** One page of the last 90 days' sign-ins, newest first; pass the previous page's `nextCursor` for the next. */
  signIns: (cursor: string | null, limit?: number): Promise<SignInHistoryPage> => {
    const query = new URLSearchParams();
    if (cursor !== null) query.set('cursor', cursor);
    if (limit !== undefined) query.set('limit', String(limit));
    const search = query.toString();
    return api.get(`/api/account/sign-ins${search === '' ? '' : `?${search}`}`);
  },
};
