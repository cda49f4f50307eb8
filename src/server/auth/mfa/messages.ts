import type { Locale } from '../../errors.ts';
import { mail, NOT_YOU, SIGNATURE } from '../../infra/messages/compose.ts';
import type { OutgoingMessage } from '../../infra/messages/messenger.ts';
import type { MFAFactorMethod } from '../../../shared/schemas.ts';

/** The texts of second-factor mail and SMS, in the person's language. */

type CodePurpose = 'sign_in' | 'enrol' | 'reauth' | 'recovery';

const METHOD_NAMES: Record<MFAFactorMethod, Record<Locale, string>> = {
  totp: { en: 'authenticator app', 'zh-CN': '身份验证器应用' },
  sms: { en: 'SMS codes', 'zh-CN': '短信验证码' },
  email: { en: 'e-mail codes', 'zh-CN': '邮件验证码' },
  passkey: { en: 'passkey', 'zh-CN': '通行密钥' },
};

const CODE_PURPOSES: Record<CodePurpose, Record<Locale, string>> = {
  sign_in: { en: 'to sign in', 'zh-CN': '用于登录' },
  enrol: { en: 'to confirm this for two-step verification', 'zh-CN': '用于开启双重验证' },
  reauth: { en: 'to confirm it is you', 'zh-CN': '用于验证身份' },
  recovery: { en: 'to reset your password', 'zh-CN': '用于重置密码' },
};

export function codeMessage(input: {
  channel: 'sms' | 'email';
  to: string;
  userId: string;
  locale: Locale;
  purpose: CodePurpose;
  code: string;
}): OutgoingMessage {
  const { locale, code } = input;
  const purpose = CODE_PURPOSES[input.purpose][locale];
  if (input.channel === 'sms') {
    const text =
      locale === 'zh-CN'
        ? `【Cairn】您的验证码为 ${code}，${purpose}，10 分钟内有效。请勿告诉他人。`
        : `Cairn: your code is ${code} (${purpose}). It expires in 10 minutes. Never share it.`;
    return { channel: 'sms', to: input.to, userId: input.userId, text };
  }
  return locale === 'zh-CN'
    ? mail(input.to, input.userId, 'Cairn 验证码', [
        `您的验证码为：${code}`,
        `${purpose}，10 分钟内有效，只能使用一次。工作人员不会向您索要验证码，请勿告诉他人。`,
        NOT_YOU[locale],
        SIGNATURE[locale],
      ])
    : mail(input.to, input.userId, 'Your Cairn verification code', [
        `Your code: ${code}`,
        `Use it ${purpose}. It expires in 10 minutes and works once. Nobody from your company will ask you for it.`,
        NOT_YOU[locale],
        SIGNATURE[locale],
      ]);
}

interface Recipient {
  id: string;
  email: string;
  locale: Locale;
}

const FACTOR_CHANGES = {
  added: { en: ['added', 'added to'], 'zh-CN': '添加' },
  removed: { en: ['removed', 'removed from'], 'zh-CN': '移除' },
} as const;

/** "A factor was added to / removed from your account", in the person's language. */
export function factorChangedMessage(user: Recipient, change: keyof typeof FACTOR_CHANGES, method: MFAFactorMethod, at: string): OutgoingMessage {
  const name = METHOD_NAMES[method][user.locale];
  const words = FACTOR_CHANGES[change];
  return user.locale === 'zh-CN'
    ? mail(user.email, user.id, `Cairn：已${words['zh-CN']}双重验证方式`, [
        `您的账户于 ${at}（UTC）${words['zh-CN']}了双重验证方式：${name}。`,
        NOT_YOU['zh-CN'],
        SIGNATURE['zh-CN'],
      ])
    : mail(user.email, user.id, `Cairn: a two-step verification method was ${words.en[0]}`, [
        `A two-step verification method was ${words.en[1]} your account at ${at} (UTC): ${name}.`,
        NOT_YOU.en,
        SIGNATURE.en,
      ]);
}

export function recoveryCodesRegeneratedMessage(user: Recipient, at: string): OutgoingMessage {
  return user.locale === 'zh-CN'
    ? mail(user.email, user.id, 'Cairn：已生成新的恢复码', [`您的账户于 ${at}（UTC）生成了新的恢复码，旧的恢复码已全部失效。`, NOT_YOU['zh-CN'], SIGNATURE['zh-CN']])
    : mail(user.email, user.id, 'Cairn: new recovery codes', [
        `New recovery codes were generated for your account at ${at} (UTC). The old codes no longer work.`,
        NOT_YOU.en,
        SIGNATURE.en,
      ]);
}

export function factorsResetMessage(user: Recipient, at: string): OutgoingMessage {
  return user.locale === 'zh-CN'
    ? mail(user.email, user.id, 'Cairn：管理员已重置您的双重验证', [
        `管理员于 ${at}（UTC）重置了您账户的双重验证方式和恢复码。下次登录时请重新设置双重验证。`,
        '如果您没有向管理员提出此请求，请立即联系管理员。',
        SIGNATURE['zh-CN'],
      ])
    : mail(user.email, user.id, 'Cairn: your administrator reset your two-step verification', [
        `An administrator removed your two-step verification methods and recovery codes at ${at} (UTC). Set up two-step verification again when you next sign in.`,
        'If you did not ask for this, contact your administrator now.',
        SIGNATURE.en,
      ]);
}

/** OWASP MFA cheat sheet: the right password followed by repeated wrong second factors means the password is known. */
export function secondFactorFailuresMessage(user: Recipient, at: string, ip: string): OutgoingMessage {
  return user.locale === 'zh-CN'
    ? mail(user.email, user.id, 'Cairn 安全提醒：有人输入了您的正确密码', [
        `${at}（UTC），有人从 IP 地址 ${ip} 输入了您账户的正确密码，但多次未能通过双重验证，本次登录已被终止。`,
        '如果这不是您本人，说明您的密码可能已经泄露：请立即修改密码，并联系管理员。',
        SIGNATURE['zh-CN'],
      ])
    : mail(user.email, user.id, 'Cairn security alert: someone entered your correct password', [
        `At ${at} (UTC), someone at IP address ${ip} entered the correct password for your account but then failed two-step verification several times. That sign-in was ended.`,
        'If this was not you, your password is probably known to someone else: change it now and contact your administrator.',
        SIGNATURE.en,
      ]);
}
