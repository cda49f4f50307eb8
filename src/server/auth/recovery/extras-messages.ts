import type { Locale } from '../../errors.ts';
import { mail, NOT_YOU, SIGNATURE } from '../../infra/messages/compose.ts';
import type { OutgoingMessage } from '../../infra/messages/messenger.ts';

/**
 * The texts of backup-channel, security-question and assisted-recovery mail and SMS, in the
 * person's language. Notifications go to the e-mail stored on the account.
 */

export interface Recipient {
  id: string;
  email: string;
  locale: Locale;
}

type ChannelKind = 'email' | 'phone';

const CHANNEL_NAMES: Record<ChannelKind, Record<Locale, string>> = {
  email: { en: 'backup e-mail address', 'zh-CN': '备用邮箱' },
  phone: { en: 'backup phone number', 'zh-CN': '备用手机号' },
};

/** The code that confirms a new backup address or phone belongs to the person adding it. */
export function backupConfirmCodeMessage(input: { kind: ChannelKind; to: string; userId: string; locale: Locale; code: string }): OutgoingMessage {
  const { kind, to, userId, locale, code } = input;
  if (kind === 'phone') {
    const text =
      locale === 'zh-CN'
        ? `【Cairn】您的验证码为 ${code}，用于确认此号码为账户找回的备用手机号，10 分钟内有效。请勿告诉他人。`
        : `Cairn: your code is ${code} (to confirm this number as a backup for getting back into your account). It expires in 10 minutes. Never share it.`;
    return { channel: 'sms', to, userId, text };
  }
  return locale === 'zh-CN'
    ? mail(to, userId, 'Cairn：确认备用邮箱', [
        `您的验证码为：${code}`,
        '有人正在将此邮箱设为 Cairn 账户的备用邮箱，用于忘记密码时找回账户。验证码 10 分钟内有效，只能使用一次。',
        '如果这不是您本人的操作，请忽略此邮件，此邮箱不会被添加。',
        SIGNATURE['zh-CN'],
      ])
    : mail(to, userId, 'Cairn: confirm your backup e-mail address', [
        `Your code: ${code}`,
        'Someone is adding this address as the backup e-mail of a Cairn account, used to get back in after a forgotten password. The code expires in 10 minutes and works once.',
        'If this was not you, ignore this mail: the address will not be added.',
        SIGNATURE.en,
      ]);
}

const CHANGES = {
  added: { en: ['added', 'added to'], 'zh-CN': '添加' },
  removed: { en: ['removed', 'removed from'], 'zh-CN': '移除' },
} as const;

/** "A backup e-mail / phone was added to / removed from your account". */
export function backupChannelChangedMessage(user: Recipient, kind: ChannelKind, change: keyof typeof CHANGES, destination: string, at: string): OutgoingMessage {
  const name = CHANNEL_NAMES[kind][user.locale];
  return user.locale === 'zh-CN'
    ? mail(user.email, user.id, `Cairn：已${CHANGES[change]['zh-CN']}${name}`, [
        `您的账户于 ${at}（UTC）${CHANGES[change]['zh-CN']}了${name}：${destination}。忘记密码时，可以通过备用邮箱或备用手机号找回账户。`,
        NOT_YOU['zh-CN'],
        SIGNATURE['zh-CN'],
      ])
    : mail(user.email, user.id, `Cairn: a ${name} was ${CHANGES[change].en[0]}`, [
        `A ${name} was ${CHANGES[change].en[1]} your account at ${at} (UTC): ${destination}. Backup channels let you get back in when you forget your password.`,
        NOT_YOU.en,
        SIGNATURE.en,
      ]);
}

/** Security questions were set (or replaced) or removed. */
export function securityQuestionsChangedMessage(user: Recipient, change: 'set' | 'removed', at: string): OutgoingMessage {
  if (user.locale === 'zh-CN') {
    const what = change === 'set' ? '设置了新的安全问题答案' : '移除了安全问题';
    return mail(user.email, user.id, `Cairn：您的账户${what}`, [`您的账户于 ${at}（UTC）${what}。`, NOT_YOU['zh-CN'], SIGNATURE['zh-CN']]);
  }
  const what = change === 'set' ? 'new answers to your security questions were saved' : 'your security questions were removed';
  return mail(user.email, user.id, change === 'set' ? 'Cairn: your security questions were changed' : 'Cairn: your security questions were removed', [
    `At ${at} (UTC), ${what}.`,
    NOT_YOU.en,
    SIGNATURE.en,
  ]);
}

/** Someone filed an "I can't get in" request naming this account. */
export function assistedRequestFiledMessage(user: Recipient, at: string, ip: string): OutgoingMessage {
  return user.locale === 'zh-CN'
    ? mail(user.email, user.id, 'Cairn：有人为您的账户提交了找回申请', [
        `${at}（UTC），有人从 IP 地址 ${ip} 提交了找回您 Cairn 账户的申请（“无法登录”）。管理员核实身份后才会处理。`,
        '如果这是您本人，请等待管理员联系。如果不是，请立即告知管理员，以便其拒绝该申请。',
        SIGNATURE['zh-CN'],
      ])
    : mail(user.email, user.id, 'Cairn: someone asked an administrator to let them into your account', [
        `At ${at} (UTC), someone at IP address ${ip} asked for help getting into your Cairn account ("I can't get in"). An administrator will check who it is before doing anything.`,
        'If this was you, wait for your administrator to contact you. If not, tell your administrator now so the request is rejected.',
        SIGNATURE.en,
      ]);
}

/** The outcome of that request. */
export function assistedRequestDecidedMessage(user: Recipient, outcome: 'approved' | 'rejected', at: string): OutgoingMessage {
  if (user.locale === 'zh-CN') {
    return outcome === 'approved'
      ? mail(user.email, user.id, 'Cairn：您的账户找回申请已批准', [
          `管理员于 ${at}（UTC）批准了找回您账户的申请，并已发出重置链接或临时密码。`,
          '如果您没有提出此申请，请立即联系管理员。',
          SIGNATURE['zh-CN'],
        ])
      : mail(user.email, user.id, 'Cairn：您的账户找回申请已被拒绝', [
          `管理员于 ${at}（UTC）拒绝了找回您账户的申请，您的账户没有任何改变。`,
          '如有疑问，请联系管理员。',
          SIGNATURE['zh-CN'],
        ]);
  }
  return outcome === 'approved'
    ? mail(user.email, user.id, 'Cairn: the request to get into your account was approved', [
        `At ${at} (UTC), an administrator approved the request to get into your account and sent a reset link or handed over a temporary password.`,
        'If you did not ask for this, contact your administrator now.',
        SIGNATURE.en,
      ])
    : mail(user.email, user.id, 'Cairn: the request to get into your account was rejected', [
        `At ${at} (UTC), an administrator rejected the request to get into your account. Nothing about your account changed.`,
        'If you have questions, contact your administrator.',
        SIGNATURE.en,
      ]);
}
