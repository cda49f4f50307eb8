import { MFA_ENROLLMENT_PATH } from '../../api/client.ts';
import type { SignInAnswer } from '../../api/endpoints.ts';
import { safeNextPath } from '../safe-next.ts';

/** Where a finished sign-in continues; null when a second factor is still needed. */
export function pathAfterSignIn(answer: SignInAnswer, next: string | null): string | null {
  switch (answer.status) {
    case 'signed_in':
      return safeNextPath(next);
    case 'password_change_required':
      return '/change-password';
    case 'mfa_enrollment_required':
      return MFA_ENROLLMENT_PATH;
    case 'mfa_required':
      return null;
  }
}
