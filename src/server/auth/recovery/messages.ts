import type { Locale } from '../../errors.ts';
import { mail, SIGNATURE } from '../../infra/messages/compose.ts';
import type { OutgoingMessage } from '../../infra/messages/messenger.ts';

/** The texts of reset-link, password-reset and lockout mail, in the person's language. */

export interface Recipient {
  id: string;
  /** Where this mail goes: the stored e-mail, a confirmed backup address, or one an administrator chose. */
  email: string;
  locale: Locale;
}

const IGNORE: Record<Locale, string> = {
  en: 'If you did not ask for this, ignore this mail: your password stays as it is. Tell your administrator if it keeps happening.',
  'zh-CN': '如果您没有申请重置密码，请忽略此邮件，您的密码不会改变。如果多次收到此类邮件，请告知管理员。',
};

export function resetLinkMessage(user: Recipient, url: string, minutes: number): OutgoingMessage {
  return user.locale === 'zh-CN'
    ? mail(user.email, user.id, 'Cairn：重置您的密码', [
        '我们收到了重置您 Cairn 账户密码的请求。点击下面的链接设置新密码：',
        { label: '重置密码', url },
        `链接 ${minutes} 分钟内有效，只能使用一次。如果您的账户开启了双重验证，重置时还需要输入验证码或恢复码。`,
        IGNORE['zh-CN'],
        SIGNATURE['zh-CN'],
      ])
    : mail(user.email, user.id, 'Cairn: reset your password', [
        'We received a request to reset the password of your Cairn account. Open this link to choose a new one:',
        { label: 'Reset my password', url },
        `The link works once, for ${minutes} minutes. If your account has two-step verification, you will be asked for a code or a recovery code as well.`,
        IGNORE.en,
        SIGNATURE.en,
      ]);
}

export function passwordResetMessage(user: Recipient, at: string, ip: string): OutgoingMessage {
  return user.locale === 'zh-CN'
    ? mail(user.email, user.id, 'Cairn：您的密码已重置', [
        `您的 Cairn 账户密码已于 ${at}（UTC）通过重置链接修改（IP 地址 ${ip}）。所有设备上的登录都已退出，请使用新密码重新登录。`,
        '如果这不是您本人的操作，请立即联系管理员。',
        SIGNATURE['zh-CN'],
      ])
    : mail(user.email, user.id, 'Cairn: your password was reset', [
        `The password of your Cairn account was reset through a reset link at ${at} (UTC), from IP address ${ip}. You were signed out everywhere; sign in with the new password.`,
        'Not you? Contact your administrator now.',
        SIGNATURE.en,
      ]);
}

/** An administrator (Users page, an approved request, the command line) replaced the password. Never carries it. */
export function temporaryPasswordIssuedMessage(user: Recipient, at: string): OutgoingMessage {
  return user.locale === 'zh-CN'
    ? mail(user.email, user.id, 'Cairn：管理员已重置您的密码', [
        `管理员已于 ${at}（UTC）将您的 Cairn 账户密码替换为临时密码，并退出了您在所有设备上的登录。如果是您本人申请的，请使用管理员交给您的临时密码登录，登录时需设置新密码。`,
        '如果您没有申请，请立即联系管理员。',
        SIGNATURE['zh-CN'],
      ])
    : mail(user.email, user.id, 'Cairn: an administrator reset your password', [
        `An administrator replaced the password of your Cairn account with a temporary one at ${at} (UTC), and you were signed out everywhere. If you asked for this, sign in with the temporary password they gave you and choose a new one.`,
        'Did not ask for it? Contact your administrator now.',
        SIGNATURE.en,
      ]);
}

export function lockedMessage(user: Recipient, url: string, minutes: number): OutgoingMessage {
  return user.locale === 'zh-CN'
    ? mail(user.email, user.id, 'Cairn 安全提醒：您的账户已被锁定', [
        '由于连续多次输入错误的密码，您的 Cairn 账户已被锁定。',
        '如果是您本人忘记了密码，可以通过下面的链接重置密码，重置后账户将自动解锁：',
        { label: '重置密码并解锁', url },
        `链接 ${minutes} 分钟内有效。您也可以联系管理员解锁。如果这些尝试不是您本人所为，说明有人在猜测您的密码：请重置密码并告知管理员。`,
        SIGNATURE['zh-CN'],
      ])
    : mail(user.email, user.id, 'Cairn security alert: your account is locked', [
        'Your Cairn account was locked after too many wrong passwords in a row.',
        'If you forgot your password, reset it with this link; the reset also unlocks the account:',
        { label: 'Reset my password and unlock', url },
        `The link works for ${minutes} minutes. Your administrator can also unlock the account. If these attempts were not yours, someone is guessing your password: reset it and tell your administrator.`,
        SIGNATURE.en,
      ]);
}

export type AdministratorAction = 'unlocked' | 'disabled' | 'enabled' | 'sessions_ended';

const ADMINISTRATOR_ACTIONS: Record<AdministratorAction, Record<Locale, [subject: string, body: string]>> = {
  unlocked: {
    en: ['Cairn: your account was unlocked', 'An administrator unlocked your Cairn account at {at} (UTC). You can sign in again.'],
    'zh-CN': ['Cairn：您的账户已解锁', '管理员已于 {at}（UTC）解锁您的 Cairn 账户，您可以重新登录。'],
  },
  disabled: {
    en: ['Cairn: your account was disabled', 'An administrator disabled your Cairn account at {at} (UTC) and signed you out everywhere.'],
    'zh-CN': ['Cairn：您的账户已停用', '管理员已于 {at}（UTC）停用您的 Cairn 账户，并退出了您在所有设备上的登录。'],
  },
  enabled: {
    en: ['Cairn: your account was enabled', 'An administrator enabled your Cairn account again at {at} (UTC). You can sign in again.'],
    'zh-CN': ['Cairn：您的账户已重新启用', '管理员已于 {at}（UTC）重新启用您的 Cairn 账户，您可以重新登录。'],
  },
  sessions_ended: {
    en: ['Cairn: you were signed out everywhere', 'An administrator signed you out of Cairn on every device at {at} (UTC). Sign in again to continue.'],
    'zh-CN': ['Cairn：您已在所有设备上退出登录', '管理员已于 {at}（UTC）退出了您在所有设备上的 Cairn 登录，请重新登录。'],
  },
};

/** DESIGN.md: the person is told by e-mail of security events that touch their account. */
export function administratorActionMessage(user: Recipient, action: AdministratorAction, at: string): OutgoingMessage {
  const [subject, body] = ADMINISTRATOR_ACTIONS[action][user.locale];
  const question = user.locale === 'zh-CN' ? '如有疑问，请联系管理员。' : 'Questions? Contact your administrator.';
  return mail(user.email, user.id, subject, [body.replace('{at}', at), question, SIGNATURE[user.locale]]);
}
