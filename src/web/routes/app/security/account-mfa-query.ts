import { useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import { accountMFAApi } from '../../../api/endpoints.ts';
import type { AccountMFA } from '../../../api/endpoints.ts';

export const ACCOUNT_MFA_QUERY_KEY = ['account', 'mfa'] as const;

/** The signed-in person's second factors, recovery codes and what the company requires. */
export function useAccountMFA(): UseQueryResult<AccountMFA> {
  return useQuery({ queryKey: ACCOUNT_MFA_QUERY_KEY, queryFn: accountMFAApi.get });
}
