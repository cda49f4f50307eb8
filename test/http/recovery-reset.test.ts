/**
 * Forgot password (docs/recovery-api.md, "Forgot password"): a link to the stored e-mail,
 * built from PUBLIC_URL, in the account's language; single use, 30 minutes, voided by newer
 * links and by every password change; the second factor still asked; no automatic sign-in;
 * every session ended. Threats: link reuse and races, host-header poisoning, identifier
 * tricks that would send the link elsewhere, request and mailbox flooding, and account
 * enumeration. The suite's server trusts X-Forwarded-For from this machine (TRUST_PROXY), so a
 * test can speak from several client addresses.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ADMIN, assertError, assertNoInternals } from '../support/http.ts';
import {
  Browser,
  createMember,
  enrolTOTP,
  mailTo,
  MINUTE_MILLISECONDS,
  nextMessage,
  signInToSecondStep,
  TOTP_STEP_MILLISECONDS,
  totpCode,
} from '../support/mfa.ts';
import type { BrowserResponse, Member, TOTPEnrolment } from '../support/mfa.ts';
import {
  ACCEPTED,
  auditRows,
  checkLink,
  freshAdmin,
  LIMITS_FORGOTTEN_MILLISECONDS,
  LINKS_PER_ACCOUNT_PER_DAY,
  lockBySignIn,
  mailSinceAfterSentinel,
  median,
  NEW_PASSWORD,
  nextResetMail,
  rawRequest,
  REQUEST_INTERVAL_MILLISECONDS,
  REQUESTS_PER_ADDRESS_PER_HOUR,
  REQUESTS_PER_IDENTIFIER_PER_DAY,
  requestLink,
  requestReset,
  RESET_LINK_MILLISECONDS,
  resetPassword,
  resetTokenIn,
  retryAfterSeconds,
  settle,
  startRecoveryServer,
  startTimingClient,
  tableText,
} from '../support/recovery.ts';
import type { RecoveryContext } from '../support/recovery.ts';
import { DATABASES } from '../support/server.ts';

const BOB = { email: 'bob.smith@example.com', username: 'bob', name: 'Bob Smith' };
const SENTINEL = { identifier: ADMIN.email, address: ADMIN.email };
const CJK = /[\u4e00-\u9fff]/;

/** The full-width forms (U+FF01..U+FF5E) of printable ASCII; NFKC maps them back. */
function fullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** What a client can observe of an answer, apart from the request id and date. */
function observable(response: BrowserResponse): unknown {
  return {
    status: response.status,
    body: response.body,
    setCookie: response.headers.getSetCookie(),
    contentType: response.headers.get('content-type'),
    contentLength: response.headers.get('content-length'),
    retryAfter: response.headers.get('retry-after'),
  };
}

function assertAccepted(response: BrowserResponse): void {
  assert.equal(response.status, 202, response.text);
  assert.deepEqual(response.body, ACCEPTED);
  assert.equal(response.headers.getSetCookie().length, 0, 'a recovery request sets no cookie');
}

for (const database of DATABASES) {
  describe(`forgot password on ${database}`, () => {
    let context: RecoveryContext;
    let member: Member;

    beforeEach(async () => {
      // TRUST_PROXY: the server believes X-Forwarded-Host from this machine, so a link built
      // from request headers would show the forged host (the test below would catch it).
      context = await startRecoveryServer(database, { env: { TRUST_PROXY: '127.0.0.1,::1' } });
      member = await createMember(context, BOB);
      await settle(context);
    });
    afterEach(() => context.close());

    const link = (identifier = BOB.email) => requestLink(context, identifier, BOB.email);
    const signIn = (identifier: string, password: string) => new Browser(context.server).login(identifier, password);

    describe('successful reset', () => {
      test('a request by e-mail and one by username get the same 202 answer, and each mails a link to the stored address', async () => {
        let since = context.mailbox.messages.length;
        const byEmail = await requestReset(context, BOB.email);
        assertAccepted(byEmail);
        const first = await nextResetMail(context, BOB.email, since);
        assert.deepEqual(first.mail.to, [BOB.email]);

        context.clock.advance(REQUEST_INTERVAL_MILLISECONDS);
        since = context.mailbox.messages.length;
        const byUsername = await requestReset(context, BOB.username);
        assertAccepted(byUsername);
        assert.deepEqual(observable(byUsername), observable(byEmail));
        const second = await nextResetMail(context, BOB.email, since);
        assert.deepEqual(second.mail.to, [BOB.email]);
        assert.notEqual(second.token, first.token);
      });

      test('the link is PUBLIC_URL/reset-password#token=<43 characters of base64url>, the token in the fragment only', async () => {
        const since = context.mailbox.messages.length;
        assertAccepted(await requestReset(context, BOB.email));
        const { mail, token } = await nextResetMail(context, BOB.email, since);
        assert.match(token, /^[A-Za-z0-9_-]{43}$/);
        assert.ok(mail.text.includes(`${context.publicURL}/reset-password#token=${token}`), mail.text);
        assert.doesNotMatch(mail.text, /[?&]token=/, 'never in a query string, which reaches logs and Referer');
        if (mail.html !== null) assert.ok(mail.html.includes(`${context.publicURL}/reset-password#token=${token}`), 'the HTML part has the same link');
        assert.doesNotMatch(mail.text, new RegExp(context.server.url.replace(/[.:/]/g, '\\$&')), 'not the address the server listens on');
        assert.ok(mail.subject.length > 0);
      });

      test('a forged Host, X-Forwarded-Host or Forwarded header does not change the link', async () => {
        const since = context.mailbox.messages.length;
        const response = await rawRequest(context, 'POST', '/api/auth/recovery/request', {
          json: { identifier: BOB.email },
          headers: {
            host: 'evil.example',
            'x-forwarded-host': 'evil.example',
            'x-forwarded-proto': 'http',
            'x-forwarded-port': '8080',
            forwarded: 'host=evil.example;proto=http',
          },
        });
        assert.equal(response.status, 202, response.text);
        assert.deepEqual(response.body, ACCEPTED);
        const { mail, token } = await nextResetMail(context, BOB.email, since);
        assert.match(token, /^[A-Za-z0-9_-]{43}$/);
        assert.doesNotMatch(mail.text, /evil\.example/);
        assert.doesNotMatch(mail.html ?? '', /evil\.example/);
        for (const url of mail.text.match(/https?:\/\/[^\s"'<>)]+/g) ?? []) {
          assert.ok(url.startsWith(`${context.publicURL}/`), `every link in the mail is under PUBLIC_URL: ${url}`);
        }
      });

      test("the mail speaks the account's language, not the language of the request", async () => {
        const chinese = await member.browser.request('PATCH', '/api/account', { json: { locale: 'zh-CN' } });
        assert.equal(chinese.status, 200, chinese.text);
        const english = await context.admin.request('PATCH', '/api/account', { json: { locale: 'en' } });
        assert.equal(english.status, 200, english.text);
        await settle(context);

        let since = context.mailbox.messages.length;
        assertAccepted(await requestReset(context, BOB.email, { headers: { 'accept-language': 'en-US,en;q=0.9' } }));
        const bobsMail = (await nextResetMail(context, BOB.email, since)).mail;
        assert.match(`${bobsMail.subject}\n${bobsMail.text}`, CJK, `Chinese for a zh-CN account: ${bobsMail.subject}`);

        since = context.mailbox.messages.length;
        assertAccepted(await requestReset(context, ADMIN.email, { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } }));
        const adasMail = (await nextResetMail(context, ADMIN.email, since)).mail;
        assert.doesNotMatch(`${adasMail.subject}\n${adasMail.text}`, CJK, `English for an en account: ${adasMail.subject}`);
      });

      test('check answers when the link expires, and that no second factor is needed', async () => {
        const requestedAt = context.clock.now();
        const token = await link();
        const checked = await checkLink(context, token);
        assert.equal(checked.status, 200, checked.text);
        assert.deepEqual(checked.body, { expiresAt: requestedAt + RESET_LINK_MILLISECONDS, mfa: null });
      });

      test('a reset sets the new password, does not sign in, and ends every session', async () => {
        const otherSession = new Browser(context.server);
        assert.equal((await otherSession.login(BOB.email, member.password)).status, 200);
        const token = await link();

        const browser = new Browser(context.server);
        const response = await resetPassword(context, token, NEW_PASSWORD, undefined, browser);
        assert.equal(response.status, 200, response.text);
        assert.deepEqual(response.body, { status: 'password_reset' });
        assert.equal(response.session, null, 'no session cookie: the person signs in anew (OWASP)');
        assert.equal(browser.session, undefined);
        assert.equal(browser.cookie('pending'), undefined, 'nor a pending sign-in');
        assertError(await browser.me(), 401, 'unauthenticated');

        assertError(await member.browser.me(), 401, 'unauthenticated');
        assertError(await otherSession.me(), 401, 'unauthenticated');

        assertError(await signIn(BOB.email, member.password), 401, 'invalid_credentials');
        const signedIn = await signIn(BOB.email, NEW_PASSWORD);
        assert.equal(signedIn.status, 200, signedIn.text);
        assert.deepEqual(signedIn.body, { status: 'signed_in' });
      });

      test('a "your password was changed" mail follows the reset', async () => {
        const token = await link();
        await settle(context);
        const since = context.mailbox.messages.length;
        assert.equal((await resetPassword(context, token, NEW_PASSWORD)).status, 200);
        const notice = await nextMessage(context.mailbox, since, mailTo(BOB.email));
        assert.deepEqual(notice.to, [BOB.email]);
        assert.equal(resetTokenIn(notice.text), null, 'the notice carries no reset link');
        assert.ok(notice.subject.length > 0);
      });

      test('a link still works just before its 30 minutes are over', async () => {
        const token = await link();
        context.clock.advance(RESET_LINK_MILLISECONDS - MINUTE_MILLISECONDS);
        assert.equal((await checkLink(context, token)).status, 200);
        assert.equal((await resetPassword(context, token, NEW_PASSWORD)).status, 200);
      });

      test('the token is stored nowhere readable: not in the token table, the outbox or the audit log', async () => {
        const token = await link();
        await settle(context);
        assert.equal((await resetPassword(context, token, NEW_PASSWORD)).status, 200);
        await settle(context);
        for (const table of ['password_reset_tokens', 'messages', 'audit_events'] as const) {
          assert.ok(!(await tableText(context, table)).includes(token), `the token is not in ${table}`);
        }
        assert.ok(!(await tableText(context, 'audit_events')).includes(NEW_PASSWORD), 'nor the password');
      });

      test('the request, the mailed link and the reset are audited against the account', async () => {
        const token = await link();
        assert.equal((await resetPassword(context, token, NEW_PASSWORD)).status, 200);
        await settle(context);
        const events = ['password.reset_requested', 'password.reset_link_sent', 'password.reset'];
        const rows = await auditRows(context, events);
        for (const event of events) {
          const row = rows.find((r) => r.event === event);
          assert.ok(row, `${event} is audited: ${JSON.stringify(rows.map((r) => r.event))}`);
          assert.equal(row.target_id, member.user.id, `${event} names the account`);
          assert.ok(row.ip, `${event} has the client address`);
        }
      });

      test('the reset page is served with Referrer-Policy: no-referrer', async () => {
        const page = await new Browser(context.server).get('/reset-password');
        assert.equal(page.status, 200, page.text.slice(0, 200));
        assert.match(page.headers.get('content-type') ?? '', /text\/html/);
        assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
      });
    });

    describe('failing reset', () => {
      test('a used link answers 410 reset_link_invalid, to check and to reset', async () => {
        const token = await link();
        assert.equal((await resetPassword(context, token, NEW_PASSWORD)).status, 200);
        assertError(await checkLink(context, token), 410, 'reset_link_invalid');
        assertError(await resetPassword(context, token, 'yet another new passphrase'), 410, 'reset_link_invalid');
        assert.equal((await signIn(BOB.email, NEW_PASSWORD)).status, 200, 'the second try changed nothing');
      });

      test('two concurrent resets with one link: exactly one succeeds, the other gets 410', async () => {
        const token = await link();
        const passwords = ['first racer passphrase', 'second racer passphrase'];
        const answers = await Promise.all(passwords.map((password) => resetPassword(context, token, password)));
        assert.deepEqual(answers.map((a) => a.status).sort(), [200, 410], answers.map((a) => a.text).join(' | '));
        const loser = answers.find((a) => a.status === 410)!;
        assertError(loser, 410, 'reset_link_invalid');
        const winner = passwords[answers.findIndex((a) => a.status === 200)]!;
        const other = passwords.find((p) => p !== winner)!;
        assert.equal((await signIn(BOB.email, winner)).status, 200);
        assertError(await signIn(BOB.email, other), 401, 'invalid_credentials');
      });

      test('a link has expired 31 minutes after the request', async () => {
        const token = await link();
        context.clock.advance(RESET_LINK_MILLISECONDS + MINUTE_MILLISECONDS);
        assertError(await checkLink(context, token), 410, 'reset_link_invalid');
        assertError(await resetPassword(context, token, NEW_PASSWORD), 410, 'reset_link_invalid');
        assert.equal((await signIn(BOB.email, member.password)).status, 200, 'the password is unchanged');
      });

      test('a newer link voids the older one', async () => {
        const older = await link();
        context.clock.advance(REQUEST_INTERVAL_MILLISECONDS);
        const newer = await link();
        assertError(await checkLink(context, older), 410, 'reset_link_invalid');
        assertError(await resetPassword(context, older, NEW_PASSWORD), 410, 'reset_link_invalid');
        assert.equal((await resetPassword(context, newer, NEW_PASSWORD)).status, 200);
      });

      test('changing the password voids the link', async () => {
        const token = await link();
        context.clock.advance(MINUTE_MILLISECONDS);
        const changed = await member.browser.post('/api/auth/password/change', { currentPassword: member.password, newPassword: 'changed by the owner themself' });
        assert.equal(changed.status, 200, changed.text);
        assertError(await checkLink(context, token), 410, 'reset_link_invalid');
        assertError(await resetPassword(context, token, NEW_PASSWORD), 410, 'reset_link_invalid');
        assert.equal((await signIn(BOB.email, 'changed by the owner themself')).status, 200);
      });

      test("an administrator's temporary password voids the link", async () => {
        const token = await link();
        context.clock.advance(MINUTE_MILLISECONDS);
        const issued = await context.admin.post(`/api/admin/users/${member.user.id}/temporary-password`);
        assert.equal(issued.status, 200, issued.text);
        assertError(await checkLink(context, token), 410, 'reset_link_invalid');
        assertError(await resetPassword(context, token, NEW_PASSWORD), 410, 'reset_link_invalid');
      });

      // The link and the change carry the same time when they happen within one millisecond,
      // or when the app server that changed the password has a clock slightly behind the one
      // that issued the link (several app servers): the change must still void the link.
      test('a password change voids a link issued at the same instant (clock resolution, skew between app servers)', async () => {
        const token = await link();
        const changed = await member.browser.post('/api/auth/password/change', { currentPassword: member.password, newPassword: 'changed by the owner themself' });
        assert.equal(changed.status, 200, changed.text);
        assertError(await checkLink(context, token), 410, 'reset_link_invalid');
      });

      test('a temporary password voids a link issued at the same instant (clock resolution, skew between app servers)', async () => {
        const token = await link();
        assert.equal((await context.admin.post(`/api/admin/users/${member.user.id}/temporary-password`)).status, 200);
        assertError(await checkLink(context, token), 410, 'reset_link_invalid');
      });

      test('a too short or too long password is refused and the link still works', async () => {
        const token = await link();
        assertError(await resetPassword(context, token, 'short'), 400, 'password_too_short');
        assertError(await resetPassword(context, token, 'x'.repeat(257)), 400, 'password_too_long');
        assert.equal((await checkLink(context, token)).status, 200);
        assert.equal((await resetPassword(context, token, NEW_PASSWORD)).status, 200);
      });

      test('an unknown token answers 410; a malformed body answers 400', async () => {
        const unknown = Buffer.alloc(32, 7).toString('base64url');
        assertError(await checkLink(context, unknown), 410, 'reset_link_invalid');
        assertError(await resetPassword(context, unknown, NEW_PASSWORD), 410, 'reset_link_invalid');
        const browser = new Browser(context.server);
        assertError(await browser.post('/api/auth/recovery/reset', { token: [unknown], password: NEW_PASSWORD }), 400, 'validation_failed');
        assertError(await browser.post('/api/auth/recovery/reset', { token: unknown, password: NEW_PASSWORD, userId: member.user.id }), 400, 'validation_failed');
        assertError(await browser.post('/api/auth/recovery/check', { token: unknown, extra: true }), 400, 'validation_failed');
      });

      test('a reset without the Origin header is refused and the link still works', async () => {
        const token = await link();
        const response = await new Browser(context.server).post('/api/auth/recovery/reset', { token, password: NEW_PASSWORD }, { origin: null });
        assertError(response, 403, 'csrf_rejected');
        assert.equal((await resetPassword(context, token, NEW_PASSWORD)).status, 200);
      });
    });

    describe('second factor at reset', () => {
      let enrolment: TOTPEnrolment;

      beforeEach(async () => {
        enrolment = await enrolTOTP(context, member.browser);
        await settle(context);
      });

      /** A code the authenticator does not show now, nor one step either side. */
      async function wrongCode(): Promise<string> {
        const valid = new Set([await totpCode(context, enrolment.secret, -1), await totpCode(context, enrolment.secret), await totpCode(context, enrolment.secret, 1)]);
        for (let candidate = 0; ; candidate++) {
          const code = String(candidate).padStart(6, '0');
          if (!valid.has(code)) return code;
        }
      }

      test('check lists the second factors the reset needs, recovery codes included', async () => {
        const token = await link();
        const checked = await checkLink(context, token);
        assert.equal(checked.status, 200, checked.text);
        assert.ok(checked.body.mfa, 'a second factor is needed');
        assert.deepEqual([...checked.body.mfa.methods].sort(), ['recovery_code', 'totp']);
        assert.equal(typeof checked.body.mfa.destinations, 'object');
      });

      test('without a code the reset answers 401 reset_mfa_required and changes nothing', async () => {
        const token = await link();
        assertError(await resetPassword(context, token, NEW_PASSWORD), 401, 'reset_mfa_required');
        assert.equal((await signIn(BOB.email, member.password)).body.status, 'mfa_required', 'the old password still works');
        assert.equal((await checkLink(context, token)).status, 200, 'the link is still live');
      });

      test('a wrong code answers 401 mfa_code_invalid, and the link then works with the right code', async () => {
        const token = await link();
        assertError(await resetPassword(context, token, NEW_PASSWORD, { method: 'totp', code: await wrongCode() }), 401, 'mfa_code_invalid');
        assertError(await signIn(BOB.email, NEW_PASSWORD), 401, 'invalid_credentials');
        assert.equal((await checkLink(context, token)).status, 200);
        context.clock.advance(TOTP_STEP_MILLISECONDS);
        const reset = await resetPassword(context, token, NEW_PASSWORD, { method: 'totp', code: await totpCode(context, enrolment.secret) });
        assert.equal(reset.status, 200, reset.text);
        assert.equal(reset.session, null);
      });

      test('the authenticator app code completes the reset; signing in still asks for the second factor', async () => {
        const token = await link();
        context.clock.advance(TOTP_STEP_MILLISECONDS);
        const reset = await resetPassword(context, token, NEW_PASSWORD, { method: 'totp', code: await totpCode(context, enrolment.secret) });
        assert.equal(reset.status, 200, reset.text);
        assert.deepEqual(reset.body, { status: 'password_reset' });
        const { answer } = await signInToSecondStep(context, BOB.email, NEW_PASSWORD);
        assert.ok(answer.methods.includes('totp'), 'the reset did not remove the factor');
      });

      test('a reset ends a half-done sign-in: its right code no longer signs in', async () => {
        const { browser } = await signInToSecondStep(context, BOB.email, member.password);
        const token = await link();
        context.clock.advance(TOTP_STEP_MILLISECONDS);
        const reset = await resetPassword(context, token, NEW_PASSWORD, { method: 'totp', code: await totpCode(context, enrolment.secret) });
        assert.equal(reset.status, 200, reset.text);
        context.clock.advance(TOTP_STEP_MILLISECONDS);
        const verify = await browser.verify({ method: 'totp', code: await totpCode(context, enrolment.secret) });
        assert.equal(verify.status, 401, verify.text);
        assert.equal(browser.session, undefined, 'no session from a sign-in begun with the old password');
      });

      test('a recovery code completes the reset, once', async () => {
        const code = enrolment.recoveryCodes![0]!;
        const token = await link();
        const reset = await resetPassword(context, token, NEW_PASSWORD, { method: 'recovery_code', code });
        assert.equal(reset.status, 200, reset.text);
        assert.equal((await signIn(BOB.email, NEW_PASSWORD)).body.status, 'mfa_required');

        context.clock.advance(REQUEST_INTERVAL_MILLISECONDS);
        const again = await link();
        assertError(await resetPassword(context, again, 'the passphrase after that', { method: 'recovery_code', code }), 401, 'mfa_code_invalid');
      });

      test('wrong codes at reset pause code entry, never the password', async () => {
        const token = await link();
        const code = await wrongCode();
        const answers: BrowserResponse[] = [];
        for (let i = 0; i < 6; i++) answers.push(await resetPassword(context, token, NEW_PASSWORD, { method: 'totp', code }));
        assertError(answers.at(-1)!, 429, 'mfa_attempts_exceeded');
        assert.ok(answers.slice(0, 4).every((a) => a.status === 401), answers.map((a) => a.status).join(','));
        const password = await signIn(BOB.email, member.password);
        assert.equal(password.status, 200, `the password is not paused by wrong codes: ${password.text}`);
        assert.equal(password.body.status, 'mfa_required');
      });
    });

    describe('locked account', () => {
      test('a reset works on a locked account and unlocks it', async () => {
        await lockBySignIn(context, BOB.email);
        await settle(context);
        assertError(await signIn(BOB.email, member.password), 423, 'account_locked');
        const token = await link();
        const reset = await resetPassword(context, token, NEW_PASSWORD);
        assert.equal(reset.status, 200, reset.text);
        const signedIn = await signIn(BOB.email, NEW_PASSWORD);
        assert.equal(signedIn.status, 200, signedIn.text);
        assert.deepEqual(signedIn.body, { status: 'signed_in' });
        await freshAdmin(context);
        const listed = (await context.admin.get('/api/admin/users')).body.data.find((u: { email: string }) => u.email === BOB.email);
        assert.equal(listed.lockedAt, null);
      });
    });

    describe('identifiers that try to send the link elsewhere', () => {
      test('an identifier that is not a string answers 400 and mails nothing', async () => {
        const since = context.mailbox.messages.length;
        for (const identifier of [[BOB.email], [BOB.email, 'attacker@evil.test'], { email: BOB.email }, 42, null, '']) {
          assertError(await requestReset(context, identifier), 400, 'validation_failed');
        }
        const browser = new Browser(context.server);
        assertError(await browser.post('/api/auth/recovery/request', { identifier: BOB.email, email: 'attacker@evil.test' }), 400, 'validation_failed');
        assertError(await browser.post('/api/auth/recovery/request', {}), 400, 'validation_failed');
        assert.deepEqual(await mailSinceAfterSentinel(context, since, SENTINEL), []);
      });

      // Each of these must never mail an address that is not stored on an account; where the
      // identifier still names Bob (case, width), the link goes to the stored address.
      const tricks: Array<{ name: string; identifier: string; matchesBob: boolean }> = [
        { name: 'two addresses with a comma', identifier: `${BOB.email},attacker@evil.test`, matchesBob: false },
        { name: 'two addresses with a semicolon', identifier: `${BOB.email};attacker@evil.test`, matchesBob: false },
        { name: 'a display name around the attacker', identifier: `"${BOB.email}" <attacker@evil.test>`, matchesBob: false },
        { name: 'CR LF and a Bcc header', identifier: `${BOB.email}\r\nBcc: attacker@evil.test`, matchesBob: false },
        { name: 'LF and a second address', identifier: `${BOB.email}\nattacker@evil.test`, matchesBob: false },
        { name: 'the attacker first, then CR LF and To', identifier: `attacker@evil.test\r\nTo: ${BOB.email}`, matchesBob: false },
        { name: 'a NUL byte before a second address', identifier: `${BOB.email}\u0000attacker@evil.test`, matchesBob: false },
        { name: 'a dotless ı (upper-cases to I)', identifier: 'bob.sm\u0131th@example.com', matchesBob: false },
        { name: 'a Cyrillic о for the Latin o', identifier: 'b\u043eb.smith@example.com', matchesBob: false },
        { name: 'a Cyrillic а in the domain', identifier: 'bob.smith@ex\u0430mple.com', matchesBob: false },
        { name: 'a zero-width space', identifier: `${BOB.email}\u200b`, matchesBob: false },
        { name: 'upper case', identifier: BOB.email.toUpperCase(), matchesBob: true },
        { name: 'full-width letters', identifier: fullWidth(BOB.email), matchesBob: true },
        { name: 'surrounding spaces', identifier: `  ${BOB.email}  `, matchesBob: true },
      ];

      for (const trick of tricks) {
        test(`${trick.name}: mail goes only to the stored address`, async () => {
          const since = context.mailbox.messages.length;
          const response = await requestReset(context, trick.identifier);
          // The schema takes any string: the answer is the usual 202 (a 400 for control characters would be as safe).
          if (response.status === 400) assertError(response, 400, 'validation_failed');
          else assertAccepted(response);
          const received = await mailSinceAfterSentinel(context, since, SENTINEL);
          for (const mail of received) {
            assert.deepEqual(mail.to, [BOB.email], `only Bob's stored address, never ${JSON.stringify(mail.to)}`);
            assert.doesNotMatch(mail.text, /evil\.test/);
          }
          if (trick.matchesBob && response.status === 202) {
            assert.equal(received.length, 1, 'the identifier names Bob: one link to his stored address');
            assert.ok(resetTokenIn(received[0]!.text), 'it is a reset link');
          } else {
            assert.deepEqual(received.map((m) => m.to), [], 'nothing is mailed for an identifier that names nobody');
          }
        });
      }
    });

    describe('request limits', () => {
      test('a second request within a minute answers 429 with Retry-After; after the minute, 202 again', async () => {
        assertAccepted(await requestReset(context, BOB.email));
        const again = await requestReset(context, BOB.email);
        assertError(again, 429, 'too_many_attempts');
        const wait = retryAfterSeconds(again);
        assert.ok(wait <= 60, `Retry-After ${wait}`);
        assert.equal(again.body.error.retryAfterSeconds, wait);
        context.clock.advance(wait * 1000);
        assertAccepted(await requestReset(context, BOB.email));
      });

      test('the minute is kept per identifier whatever its case, spaces or width', async () => {
        assertAccepted(await requestReset(context, BOB.email));
        assertError(await requestReset(context, ` ${BOB.email.toUpperCase()} `), 429, 'too_many_attempts');
        assertError(await requestReset(context, fullWidth(BOB.email)), 429, 'too_many_attempts');
      });

      test("another client address is not held back by someone else's requests for the same identifier", async () => {
        // TRUST_PROXY names this machine: X-Forwarded-For gives each request another client address.
        const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
        for (let i = 0; i < REQUESTS_PER_IDENTIFIER_PER_DAY; i++) {
          assertAccepted(await requestReset(context, BOB.email, from('203.0.113.1')));
          context.clock.advance(REQUEST_INTERVAL_MILLISECONDS);
        }
        assertError(await requestReset(context, BOB.email, from('203.0.113.1')), 429, 'too_many_attempts');
        assertAccepted(await requestReset(context, BOB.email, from('198.51.100.7')));
        assertError(await requestReset(context, BOB.email, from('198.51.100.7')), 429, 'too_many_attempts');
      });

      test('five requests a day per identifier; the sixth answers 429 until the day is over', async () => {
        for (let i = 0; i < REQUESTS_PER_IDENTIFIER_PER_DAY; i++) {
          assertAccepted(await requestReset(context, BOB.email));
          context.clock.advance(REQUEST_INTERVAL_MILLISECONDS);
        }
        const sixth = await requestReset(context, BOB.email);
        assertError(sixth, 429, 'too_many_attempts');
        const wait = retryAfterSeconds(sixth);
        assert.ok(wait > 60, `a wait of the day's remainder, not a minute: ${wait}`);
        context.clock.advance(wait * 1000);
        assertAccepted(await requestReset(context, BOB.email));
      });

      test('an unknown identifier is limited exactly like a known one', async () => {
        const script = async (identifier: string): Promise<unknown[]> => {
          const seen: unknown[] = [];
          for (let i = 0; i <= REQUESTS_PER_IDENTIFIER_PER_DAY; i++) {
            seen.push(observable(await requestReset(context, identifier)));
            seen.push(observable(await requestReset(context, identifier)));
            context.clock.advance(REQUEST_INTERVAL_MILLISECONDS);
          }
          return seen;
        };
        const start = context.clock.now();
        const known = await script(BOB.email);
        context.clock.set(start + LIMITS_FORGOTTEN_MILLISECONDS);
        const unknown = await script('nobody.smith@example.com');
        assert.deepEqual(unknown, known);
        assert.ok(known.some((o) => (o as { status: number }).status === 429), 'the script reached the limits');
      });

      test('an account gets at most ten links a day, whatever the identifier or address; the answer stays 202', async () => {
        const since = context.mailbox.messages.length;
        let requests = 0;
        for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
          for (const identifier of [BOB.email, BOB.username, BOB.email.toUpperCase(), BOB.username]) {
            // The e-mail in upper case is the same identifier as in lower case: a minute apart.
            context.clock.advance(REQUEST_INTERVAL_MILLISECONDS);
            assertAccepted(await requestReset(context, identifier, { headers: { 'x-forwarded-for': ip } }));
            requests += 1;
            // A minute passes for real, too: each mail is out before the next request.
            await settle(context);
          }
        }
        assert.ok(requests > LINKS_PER_ACCOUNT_PER_DAY);
        const received = await mailSinceAfterSentinel(context, since, SENTINEL);
        assert.equal(received.filter((m) => mailTo(BOB.email)(m)).length, LINKS_PER_ACCOUNT_PER_DAY, JSON.stringify(received.map((m) => [m.to, m.subject])));
        // The next day, links flow again.
        context.clock.advance(LIMITS_FORGOTTEN_MILLISECONDS);
        await requestLink(context, BOB.email, BOB.email);
      });

      test('thirty requests an hour from one address, across identifiers; the next answers 429', async () => {
        for (let i = 0; i < REQUESTS_PER_ADDRESS_PER_HOUR; i++) assertAccepted(await requestReset(context, `visitor${i}@example.com`));
        const next = await requestReset(context, 'one-more@example.com');
        assertError(next, 429, 'too_many_attempts');
        retryAfterSeconds(next);
      });
    });

    describe('no account enumeration', () => {
      test('an unknown identifier gets the same answer and no mail', async () => {
        const known = await requestReset(context, BOB.email);
        await settle(context);
        const since = context.mailbox.messages.length;
        const unknown = await requestReset(context, 'nobody.smith@example.com');
        assertAccepted(known);
        assert.deepEqual(observable(unknown), observable(known));
        assert.deepEqual(await mailSinceAfterSentinel(context, since, SENTINEL), []);
        const byUsername = await requestReset(context, 'nobody');
        assert.deepEqual(observable(byUsername), observable(known));
      });

      test('a disabled account gets the same answer and no mail', async () => {
        await context.server.database.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', member.user.id).execute();
        const since = context.mailbox.messages.length;
        const disabled = await requestReset(context, BOB.email);
        assertAccepted(disabled);
        assert.deepEqual(await mailSinceAfterSentinel(context, since, SENTINEL), []);
      });

      test('the same answer in Chinese for known and unknown identifiers, errors included', async () => {
        const headers = { 'accept-language': 'zh-CN' };
        const known = await requestReset(context, BOB.email, { headers });
        const unknown = await requestReset(context, 'nobody.smith@example.com', { headers });
        assert.deepEqual(observable(unknown), observable(known));
        const knownAgain = await requestReset(context, BOB.email, { headers });
        const unknownAgain = await requestReset(context, 'nobody.smith@example.com', { headers });
        assert.equal(knownAgain.status, 429);
        assert.deepEqual(observable(unknownAgain), observable(knownAgain));
        assertNoInternals(knownAgain.text);
      });

      test('answer times for known and unknown identifiers are comparable (medians, generous ratio)', async (t) => {
        const SAMPLES = 15;
        const known: number[] = [];
        const unknown: number[] = [];
        const client = await startTimingClient(context);
        t.after(() => client.close());
        const timed = async (identifier: string): Promise<number> => {
          const { status, milliseconds } = await client.post('/api/auth/recovery/request', { identifier });
          assert.equal(status, 202);
          return milliseconds;
        };
        // Warm up both paths once.
        await timed(BOB.email);
        await timed('nobody.smith@example.com');
        for (let i = 0; i < SAMPLES; i++) {
          context.clock.advance(LIMITS_FORGOTTEN_MILLISECONDS);
          await settle(context);
          if (i % 2 === 0) {
            known.push(await timed(BOB.email));
            await settle(context);
            unknown.push(await timed(`nobody${i}@example.com`));
          } else {
            unknown.push(await timed(`nobody${i}@example.com`));
            await settle(context);
            known.push(await timed(BOB.email));
          }
        }
        await settle(context);
        const knownMedian = median(known);
        const unknownMedian = median(unknown);
        const ratio = Math.max(knownMedian, unknownMedian) / Math.max(0.001, Math.min(knownMedian, unknownMedian));
        t.diagnostic(`median answer time: known ${knownMedian.toFixed(2)} ms, unknown ${unknownMedian.toFixed(2)} ms, ratio ${ratio.toFixed(2)}`);
        // The mail is sent after the answer, so the answer does no more work for a real account;
        // only a gross difference (a hash or an SMTP round trip before answering) fails this.
        assert.ok(ratio < 4, `known ${knownMedian.toFixed(2)} ms vs unknown ${unknownMedian.toFixed(2)} ms`);
      });
    });
  });
}
