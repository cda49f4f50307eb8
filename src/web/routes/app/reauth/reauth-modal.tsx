import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Modal, Segmented, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { reauthApi } from '../../../api/endpoints.ts';
import type { AccountMFA, MFAMethod, ReauthProof } from '../../../api/endpoints.ts';
import { passkeysSupported } from '../../../components/webauthn.ts';
import { ACCOUNT_MFA_QUERY_KEY, useAccountMFA } from '../security/account-mfa-query.ts';
import { CodeProof, PasskeyProof, PasswordProof, SentCodeProof } from './reauth-proofs.tsx';

type ProofKind = 'password' | MFAMethod;

/** The password always works; then each kind of factor the person has, and a recovery code while any is left. */
function proofKinds(mfa: AccountMFA | undefined): ProofKind[] {
  const kinds: ProofKind[] = ['password'];
  for (const method of ['passkey', 'totp', 'sms', 'email'] as const) {
    if (method === 'passkey' && !passkeysSupported()) continue;
    if (mfa?.factors.some((factor) => factor.method === method)) kinds.push(method);
  }
  if ((mfa?.recoveryCodesRemaining ?? 0) > 0) kinds.push('recovery_code');
  return kinds;
}

interface ReauthModalProps {
  open: boolean;
  onProven: () => void;
  onCancel: () => void;
}

/** "Confirm it is you" before a sensitive action: a password, a code or a passkey. */
export function ReauthModal({ open, onProven, onCancel }: ReauthModalProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('reauth.title')} footer={null} onCancel={onCancel} mask={{ closable: false }} destroyOnHidden width={460}>
      {open && <ReauthChoices onProven={onProven} />}
    </Modal>
  );
}

function ReauthChoices({ onProven }: { onProven: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mfa = useAccountMFA();
  const [kind, setKind] = useState<ProofKind>('password');
  const kinds = proofKinds(mfa.data);

  async function prove(proof: ReauthProof): Promise<void> {
    await reauthApi.prove(proof);
    void queryClient.invalidateQueries({ queryKey: ACCOUNT_MFA_QUERY_KEY });
    onProven();
  }

  return (
    <>
      <Typography.Paragraph type="secondary">{t('reauth.intro')}</Typography.Paragraph>
      {mfa.isPending ? (
        <Spin />
      ) : (
        <>
          {kinds.length > 1 && (
            <Segmented<ProofKind>
              block
              value={kind}
              onChange={setKind}
              options={kinds.map((value) => ({ value, label: t(`reauth.kinds.${value}`) }))}
              style={{ marginBottom: 20 }}
            />
          )}
          {kind === 'password' && <PasswordProof prove={prove} />}
          {(kind === 'totp' || kind === 'recovery_code') && <CodeProof key={kind} method={kind} prove={prove} />}
          {(kind === 'sms' || kind === 'email') && <SentCodeProof key={kind} method={kind} prove={prove} />}
          {kind === 'passkey' && <PasskeyProof prove={prove} />}
        </>
      )}
    </>
  );
}
