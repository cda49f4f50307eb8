/**
 * The public "getting back in" pages in the browser tests: what they say per language (written
 * out, not read from the app's messages, so a wrong or missing text fails), the reset link in
 * a received mail, and pictures in RECOVERY_SHOTS_DIR (default /tmp/shots).
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ReceivedMail } from '../../support/mailbox.ts';
import type { Lang } from './texts.ts';

export const SHOTS_DIR = process.env.RECOVERY_SHOTS_DIR ?? '/tmp/shots';

export interface RecoveryPageTexts {
  forgotLink: string;
  forgotHeading: string;
  sendLink: string;
  sentHeading: string;
  sentBody: (identifier: string) => string;
  resendIn: RegExp;
  resend: string;
  tooManyToday: RegExp;
  resetHeading: string;
  newPassword: string;
  confirmPassword: string;
  mismatch: string;
  resetSubmit: string;
  doneHeading: string;
  doneSignIn: string;
  invalidHeading: string;
  newLink: string;
  mfaHeading: string;
  codeInvalid: string;
  pausedReset: string;
  lockedTitle: string;
  lockedReset: string;
  lockedAdmin: string;
}

export const RECOVERY_TEXTS: Record<Lang, RecoveryPageTexts> = {
  en: {
    forgotLink: 'Forgot password?',
    forgotHeading: 'Forgot your password?',
    sendLink: 'Send reset link',
    sentHeading: 'Check your e-mail',
    sentBody: (identifier) => `If an account matches ${identifier}, we have sent a link to its e-mail address. The link works for 30 minutes.`,
    resendIn: /^Send again in \d+ s$/,
    resend: 'Send the link again',
    tooManyToday: /^Too many tries for today\. Try again in about \d+ h, or choose another way below\.$/,
    resetHeading: 'Choose a new password',
    newPassword: 'New password',
    confirmPassword: 'Confirm new password',
    mismatch: 'The two passwords do not match.',
    resetSubmit: 'Reset password',
    doneHeading: 'Password changed',
    doneSignIn: 'Sign in',
    invalidHeading: 'This link can no longer be used',
    newLink: 'Request a new link',
    mfaHeading: 'Confirm it is you',
    codeInvalid: 'That code is not correct. Check it and try again.',
    pausedReset: 'Reset it by e-mail',
    lockedTitle: 'Your account is locked',
    lockedReset: 'Reset your password',
    lockedAdmin: 'Or contact your administrator to unlock it.',
  },
  'zh-CN': {
    forgotLink: '忘记密码？',
    forgotHeading: '忘记密码',
    sendLink: '发送重置链接',
    sentHeading: '请查收邮件',
    sentBody: (identifier) => `如果存在与 ${identifier} 匹配的账户，我们已向其邮箱发送重置密码的链接，链接 30 分钟内有效。`,
    resendIn: /^\d+ 秒后可重新发送$/,
    resend: '重新发送链接',
    tooManyToday: /^今天的尝试次数已达上限。请约 \d+ 小时后再试，或选择下方的其他方式。$/,
    resetHeading: '设置新密码',
    newPassword: '新密码',
    confirmPassword: '确认新密码',
    mismatch: '两次输入的密码不一致。',
    resetSubmit: '重置密码',
    doneHeading: '密码已重置',
    doneSignIn: '去登录',
    invalidHeading: '链接已失效',
    newLink: '重新申请链接',
    mfaHeading: '验证身份',
    codeInvalid: '验证码不正确，请检查后重试。',
    pausedReset: '通过邮件重置密码',
    lockedTitle: '账户已被锁定',
    lockedReset: '重置密码',
    lockedAdmin: '也可以联系管理员为您解锁。',
  },
};

/** The reset link in a mail: `<PUBLIC_URL>/reset-password#token=<43 characters>`. */
export function resetLinkIn(mail: ReceivedMail): string {
  const link = /(https?:\/\/\S+?\/reset-password#token=[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(mail.text)?.[1];
  assert.ok(link, `a reset link in: ${mail.text}`);
  return link;
}

/** Saves SHOTS_DIR/recovery-<lang>-<step>.png, the whole page, after transitions settle. */
export async function recoveryShot(page: Page, lang: Lang, step: string): Promise<void> {
  await mkdir(SHOTS_DIR, { recursive: true });
  await page.waitForTimeout(200);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS_DIR, `recovery-${lang}-${step}.png`), fullPage: true });
}
