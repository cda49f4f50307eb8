import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FactorConfirmed } from '../../../api/endpoints.ts';
import { ME_QUERY_KEY } from '../me-context.ts';
import { ACCOUNT_MFA_QUERY_KEY } from './account-mfa-query.ts';

/**
 * After a method is confirmed: say so, refresh what depends on it, and hold the first recovery
 * codes (if the answer has them) until the person has saved them.
 */
export function useFactorAdded(options: { refreshMe: boolean }): {
  onConfirmed: (result: FactorConfirmed) => void;
  recoveryCodes: string[] | null;
  clearRecoveryCodes: () => void;
} {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  function onConfirmed(result: FactorConfirmed): void {
    void message.success(t('security.added', { method: t(`mfa.methods.${result.factor.method}`) }));
    void queryClient.invalidateQueries({ queryKey: ACCOUNT_MFA_QUERY_KEY });
    if (options.refreshMe) void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    if (result.recoveryCodes !== undefined && result.recoveryCodes.length > 0) setRecoveryCodes(result.recoveryCodes);
  }

  return { onConfirmed, recoveryCodes, clearRecoveryCodes: () => setRecoveryCodes(null) };
}
