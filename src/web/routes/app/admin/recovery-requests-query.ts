import { useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import { adminRecoveryApi } from '../../../api/account-recovery.ts';
import type { RecoveryRequest, RecoveryRequestFilter } from '../../../api/account-recovery.ts';

/** Every list of requests; a decision refreshes them all (and the count in the navigation). */
export const RECOVERY_REQUESTS_QUERY_KEY = ['admin', 'recovery-requests'] as const;
// People wait on these: the count in the navigation looks again every minute.
const PENDING_REFRESH_MILLISECONDS = 60 * 1000;

export function useRecoveryRequests(status: RecoveryRequestFilter): UseQueryResult<{ data: RecoveryRequest[] }> {
  return useQuery({
    queryKey: [...RECOVERY_REQUESTS_QUERY_KEY, status],
    queryFn: () => adminRecoveryApi.requests(status),
    refetchInterval: status === 'pending' ? PENDING_REFRESH_MILLISECONDS : false,
  });
}
