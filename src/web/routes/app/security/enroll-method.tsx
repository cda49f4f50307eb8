import type { MFAFactorMethod } from '../../../api/endpoints.ts';
import { EmailEnrollment } from './email-enrollment.tsx';
import type { EnrollmentProps } from './enrollment-props.ts';
import { PasskeyEnrollment } from './passkey-enrollment.tsx';
import { SMSEnrollment } from './sms-enrollment.tsx';
import { TOTPEnrollment } from './totp-enrollment.tsx';

/** The steps that set up one method; the same on Account security and on the forced set-up page. */
export function EnrollMethod({ method, ...props }: EnrollmentProps & { method: MFAFactorMethod }): React.JSX.Element {
  switch (method) {
    case 'totp':
      return <TOTPEnrollment {...props} />;
    case 'sms':
      return <SMSEnrollment {...props} />;
    case 'email':
      return <EmailEnrollment {...props} />;
    case 'passkey':
      return <PasskeyEnrollment {...props} />;
  }
}
