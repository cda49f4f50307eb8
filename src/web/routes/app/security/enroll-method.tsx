import type { FactorConfirmed, MFAFactorMethod } from '../../../api/endpoints.ts';
import { EmailEnrollment } from './email-enrollment.tsx';
import { PasskeyEnrollment } from './passkey-enrollment.tsx';
import { SMSEnrollment } from './sms-enrollment.tsx';
import { TOTPEnrollment } from './totp-enrollment.tsx';

/** The steps that set up one method; the same on Account security and on the forced set-up page. */
export function EnrollMethod({ method, onConfirmed }: { method: MFAFactorMethod; onConfirmed: (result: FactorConfirmed) => void }): React.JSX.Element {
  switch (method) {
    case 'totp':
      return <TOTPEnrollment onConfirmed={onConfirmed} />;
    case 'sms':
      return <SMSEnrollment onConfirmed={onConfirmed} />;
    case 'email':
      return <EmailEnrollment onConfirmed={onConfirmed} />;
    case 'passkey':
      return <PasskeyEnrollment onConfirmed={onConfirmed} />;
  }
}
