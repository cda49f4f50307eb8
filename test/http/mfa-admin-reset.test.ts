/** An administrator resets a person's second factors (lost phone): factors, codes, trusted browsers and sessions go; it is audited and mailed. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import {
  Browser,
  createMember,
  enrolSMS,
  enrolTOTP,
  mailTo,
  nextMessage,
  setPolicy,
  settleOutbox,
  signInToSecondStep,
  startMFAServer,
} from '../support/mfa.ts';
import type { MFAContext, Member, TOTPEnrolment } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

for (const database of DATABASES) {
  describe(`second-factor reset by an administrator on ${database}`, () => {
    let context: MFAContext;
    let member: Member;
    let enrolment: TOTPEnrolment;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com' });
      enrolment = await enrolTOTP(context, member.browser);
    });
    afterEach(() => context.close());

    const reset = (browser: Browser, id: string) => browser.post(`/api/admin/users/${id}/mfa/reset`);

    describe('successful reset', () => {
      test('the user list shows the methods each person has', async () => {
        await enrolSMS(context, member.browser);
        const list = await context.admin.get('/api/admin/users');
        const bob = list.body.data.find((u: { email: string }) => u.email === member.email);
        assert.deepEqual([...bob.mfaMethods].sort(), ['sms', 'totp']);
      });

      test('after a reset the person signs in with the password alone and has no factors or codes', async () => {
        const response = await reset(context.admin, member.user.id);
        assert.equal(response.status, 204, response.text);
        const browser = new Browser(context.server);
        assert.deepEqual((await browser.login(member.email, member.password)).body, { status: 'signed_in' });
        const account = await browser.mfa();
        assert.deepEqual(account.body.factors, []);
        assert.equal(account.body.recoveryCodesRemaining, 0);
        const list = await context.admin.get('/api/admin/users');
        assert.deepEqual(list.body.data.find((u: { email: string }) => u.email === member.email).mfaMethods, []);
      });

      test('the old recovery codes no longer work after a reset and a new enrolment', async () => {
        await reset(context.admin, member.user.id);
        const browser = new Browser(context.server);
        await browser.login(member.email, member.password);
        await enrolTOTP(context, browser);
        const { browser: pending } = await signInToSecondStep(context, member.email, member.password);
        assertError(await pending.verify({ method: 'recovery_code', code: enrolment.recoveryCodes![0]! }), 401, 'mfa_code_invalid');
      });

      test("a reset ends the person's sessions and pending sign-ins", async () => {
        const { browser: pending } = await signInToSecondStep(context, member.email, member.password);
        await reset(context.admin, member.user.id);
        assertError(await member.browser.me(), 401, 'unauthenticated');
        const verify = await pending.verify({ method: 'recovery_code', code: enrolment.recoveryCodes![0]! });
        assert.equal(verify.status, 401, verify.text);
        assert.equal(pending.session, undefined);
      });

      test('a reset is audited with the administrator as actor and the person as target', async () => {
        await reset(context.admin, member.user.id);
        const events = await context.server.database.db.selectFrom('audit_events').selectAll().where('event', '=', 'mfa.factors_reset').execute();
        assert.equal(events.length, 1);
        assert.equal(events[0]!.target_id, member.user.id);
        const adminId = (await context.admin.me()).body.user.id;
        assert.equal(events[0]!.actor_id, adminId);
      });

      test('the person is e-mailed about the reset', async () => {
        await settleOutbox(context);
        const since = context.mailbox.messages.length;
        await reset(context.admin, member.user.id);
        const mail = await nextMessage(context.mailbox, since, mailTo(member.email));
        assert.ok(mail.subject.length > 0);
      });

      test('where policy requires a factor, the person must enrol again after the reset', async () => {
        await enrolTOTP(context, context.admin);
        await setPolicy(context, { mode: 'everyone', gracePeriodDays: 0 });
        await reset(context.admin, member.user.id);
        const response = await new Browser(context.server).login(member.email, member.password);
        assert.equal(response.body.status, 'mfa_enrollment_required');
      });
    });

    describe('failing reset', () => {
      test('a person without users.manage cannot reset anybody', async () => {
        const other = await createMember(context, { email: 'carol@example.com' });
        const response = await reset(other.browser, member.user.id);
        assertError(response, 403, 'forbidden');
        assert.equal(response.body.error.permission, 'users.manage');
        assert.equal((await member.browser.mfa()).body.factors.length, 1);
      });

      test('an unknown user answers 404', async () => {
        assertError(await reset(context.admin, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
      });

      test('a reset needs the Origin header', async () => {
        assertError(await context.admin.post(`/api/admin/users/${member.user.id}/mfa/reset`, undefined, { origin: null }), 403, 'csrf_rejected');
        assert.equal((await member.browser.mfa()).body.factors.length, 1);
      });
    });
  });
}
