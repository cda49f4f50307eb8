/**
 * Helpers for the backup-channel, security-question and assisted-recovery suites
 * (test/http/recovery-backup.test.ts, recovery-questions.test.ts, recovery-assisted.test.ts).
 * The contract's numbers (docs/recovery-api.md) are written here, not imported from src/.
 */
import assert from 'node:assert/strict';
import { ADMIN } from './http.ts';
import { Browser, extractCode, mailTo, MINUTE_MILLISECONDS, nextMessage } from './mfa.ts';
import type { BrowserResponse, MailMessage, MFAContext, Member } from './mfa.ts';

export const ATTEMPT_MILLISECONDS = 15 * MINUTE_MILLISECONDS;
export const WRONG_CODES_PER_ATTEMPT = 5;
export const WRONG_ANSWER_TRIES_PER_DAY = 3;
/** Past the 10-minute step-up window. */
export const STEP_UP_EXPIRED_MILLISECONDS = 11 * MINUTE_MILLISECONDS;
export const BACKUP_PHONE = Object.freeze({ entered: '139 0013 9000', e164: '+8613900139000' });

export function wrongCode(right: string): string {
  return right === '000000' ? '111111' : '000000';
}

/** A fresh proof of identity for the browser's session (POST /api/auth/reauth with the password). */
export async function stepUp(browser: Browser, password: string): Promise<void> {
  const response = await browser.post('/api/auth/reauth', { password });
  assert.equal(response.status, 200, response.text);
}

export async function setSecurityQuestionsEnabled(context: MFAContext, enabled: boolean): Promise<void> {
  await stepUp(context.admin, ADMIN.password);
  const current = await context.admin.get('/api/admin/settings/recovery');
  assert.equal(current.status, 200, current.text);
  const updated = await context.admin.put('/api/admin/settings/recovery', { ...current.body, securityQuestionsEnabled: enabled });
  assert.equal(updated.status, 200, updated.text);
}

/** Runs `action` (expects 200) and answers the code mailed to `address` after it. */
export async function mailedCode(context: MFAContext, address: string, action: () => Promise<BrowserResponse>): Promise<{ response: BrowserResponse; code: string; mail: MailMessage }> {
  const since = context.mailbox.messages.length;
  const response = await action();
  assert.equal(response.status, 200, response.text);
  const mail = await nextMessage(context.mailbox, since, (m) => mailTo(address)(m) && extractCode(m.text) !== null);
  return { response, code: extractCode(mail.text)!, mail };
}

/** Runs `action` (expects `status`) and answers the code texted to `phone` after it. */
export async function textedCode(context: MFAContext, phone: string, action: () => Promise<BrowserResponse>, status = 200): Promise<{ response: BrowserResponse; code: string }> {
  const since = context.sms.messages.length;
  const response = await action();
  assert.equal(response.status, status, response.text);
  const sms = await nextMessage(context.sms, since, (m) => m.to === phone);
  const code = extractCode(sms.text);
  assert.ok(code, `a code in ${JSON.stringify(sms.text)}`);
  return { response, code };
}

export async function addBackupEmail(context: MFAContext, member: Member, address: string): Promise<void> {
  const { code } = await mailedCode(context, address, () => member.browser.post('/api/account/recovery/backup-email', { email: address }));
  const confirmed = await member.browser.post('/api/account/recovery/backup-email/confirm', { code });
  assert.equal(confirmed.status, 204, confirmed.text);
}

export async function addBackupPhone(context: MFAContext, member: Member, phone: { entered: string; e164: string } = BACKUP_PHONE): Promise<void> {
  const { code } = await textedCode(context, phone.e164, () => member.browser.post('/api/account/recovery/backup-phone', { phone: phone.entered }));
  const confirmed = await member.browser.post('/api/account/recovery/backup-phone/confirm', { code });
  assert.equal(confirmed.status, 204, confirmed.text);
}

/** The answers every suite sets; `asTyped` are the same answers as a person might type them later. */
export const ANSWERS = Object.freeze([
  { question: 'first_school', answer: 'Riverside Primary', asTyped: '  ＲＩＶＥＲＳＩＤＥ   primary ' },
  { question: 'first_pet', answer: '小白', asTyped: '小白 ' },
  { question: 'birth_city', answer: 'Chengdu', asTyped: 'chengdu' },
] as const);

export async function setAnswers(member: Member): Promise<void> {
  const response = await member.browser.put('/api/account/recovery/security-questions', {
    answers: ANSWERS.map(({ question, answer }) => ({ question, answer })),
  });
  assert.equal(response.status, 204, response.text);
}

/** Answers for the asked questions: right ones as typed, or `wrong`. */
export function answersFor(questions: readonly string[], options: { wrong?: boolean } = {}): Array<{ question: string; answer: string }> {
  return questions.map((question) => {
    const known = ANSWERS.find((a) => a.question === question);
    return { question, answer: options.wrong || !known ? 'not the answer' : known.asTyped };
  });
}

export function publicBrowser(context: MFAContext): Browser {
  return new Browser(context.server);
}
