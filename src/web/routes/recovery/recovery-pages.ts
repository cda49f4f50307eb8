/** The public "getting back in" pages: one chunk, fetched only when one of them is opened. */
import '../../i18n/recovery-pages/register.ts';
import './recovery.css';

export { AssistedRecoveryPage } from './assisted-recovery-page.tsx';
export { BackupRecoveryPage } from './backup-recovery-page.tsx';
export { ForgotPasswordPage } from './forgot-password-page.tsx';
export { QuestionsRecoveryPage } from './questions-recovery-page.tsx';
export { ResetPasswordPage } from './reset-password-page.tsx';
