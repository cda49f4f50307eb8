import { Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FactorConfirmed, MFAFactorMethod } from '../../../api/endpoints.ts';
import { EnrollMethod } from './enroll-method.tsx';

interface EnrollModalProps {
  method: MFAFactorMethod | null;
  /** A new phone number in place of the confirmed one. */
  replacing?: boolean;
  onConfirmed: (result: FactorConfirmed) => void;
  onCancel: () => void;
}

export function EnrollModal({ method, replacing = false, onConfirmed, onCancel }: EnrollModalProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Modal
      open={method !== null}
      title={method === null ? '' : replacing ? t('security.changePhone') : t(`security.addTitles.${method}`)}
      footer={null}
      onCancel={onCancel}
      mask={{ closable: false }}
      destroyOnHidden
      width={method === 'totp' ? 560 : 480}
    >
      {method !== null && <EnrollMethod method={method} onConfirmed={onConfirmed} onCancel={onCancel} />}
    </Modal>
  );
}
