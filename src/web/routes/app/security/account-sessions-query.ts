import { useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import { accountSessionsApi } from '../../../api/account-sessions.ts';
import type { AccountSession } from '../../../api/account-sessions.ts';

export const ACCOUNT_SESSIONS_QUERY_KEY = ['account', 'sessions'] as const;

/** The person's live sessions, most recently seen first (the server's order). */
export function useAccountSessions(): UseQueryResult<AccountSession[]> {
  return useQuery({ queryKey: ACCOUNT_SESSIONS_QUERY_KEY, queryFn: async () => (await accountSessionsApi.list()).data });
}
