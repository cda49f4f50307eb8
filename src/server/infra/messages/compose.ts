import type { Locale } from '../../errors.ts';
import type { OutgoingMessage } from './messenger.ts';

/** Building blocks of the mails Cairn sends: plain paragraphs, the same text as HTML, one optional button link. */

const escapeHTML = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const SIGNATURE: Record<Locale, string> = { en: '— Cairn CRM', 'zh-CN': '—— Cairn CRM' };
export const NOT_YOU: Record<Locale, string> = {
  en: 'If this was not you, change your password now and contact your administrator.',
  'zh-CN': '如果这不是您本人的操作，请立即修改密码并联系管理员。',
};

/** A link rendered as its own paragraph: the URL in the text part, an anchor in the HTML part. */
export interface MailLink {
  label: string;
  url: string;
}

export function mail(to: string, userId: string, subject: string, paragraphs: Array<string | MailLink>): OutgoingMessage {
  const text = paragraphs.map((p) => (typeof p === 'string' ? p : `${p.label}:\n${p.url}`)).join('\n\n');
  const html = paragraphs
    .map((p) => (typeof p === 'string' ? `<p>${escapeHTML(p)}</p>` : `<p><a href="${escapeHTML(p.url)}">${escapeHTML(p.label)}</a></p>`))
    .join('\n');
  return { channel: 'email', to, userId, subject, text, html };
}

/** Times in mails: minutes, UTC (the reader's zone is unknown). */
export const utcTime = (milliseconds: number): string => new Date(milliseconds).toISOString().slice(0, 16).replace('T', ' ');

/** The language of a person's mail: their saved locale (Chinese unless it is English). */
export const localeOf = (person: { locale: string }): Locale => (person.locale === 'en' ? 'en' : 'zh-CN');

/** Mail to the address stored on a person's account, in their language. */
export const recipientOf = (person: { id: string; email: string; locale: string }): { id: string; email: string; locale: Locale } => ({
  id: person.id,
  email: person.email,
  locale: localeOf(person),
});
