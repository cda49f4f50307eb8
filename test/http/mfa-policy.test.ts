/**
 * The administrator's second-factor policy: who must have one (with a grace period), which
 * methods are allowed, and what a session may do until the person has enrolled.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { assertError } from '../support/http.ts';
import {
  ADMIN,
  Browser,
  createMember,
  DAY_MILLISECONDS,
  enrolSMS,
  enrolTOTP,
  setPolicy,
  signInToSecondStep,
  signInWithTOTP,
  startMFAServer,
  totpCode,
} from '../support/mfa.ts';
import type { MFAContext, Member } from '../support/mfa.ts';
import { DATABASES } from '../support/server.ts';

const ALL_METHODS = ['email', 'passkey', 'sms', 'totp'];

for (const database of DATABASES) {
  describe(`second-factor policy on ${database}`, () => {
    let context: MFAContext;
    let member: Member;

    beforeEach(async () => {
      context = await startMFAServer(database);
      member = await createMember(context, { email: 'bob@example.com' });
    });
    afterEach(() => context.close());

    /** The administrator enrols first, so a strict policy does not shut out the test's own admin session. */
    async function enrolAdminAndSet(change: Record<string, unknown>): Promise<void> {
      await enrolTOTP(context, context.admin);
      await setPolicy(context, change);
    }

    describe('reading and changing the policy', () => {
      test('by default administrators must enrol, with a grace period, every method allowed, trusted browsers allowed', async () => {
        const response = await context.admin.get('/api/admin/settings/mfa');
        assert.equal(response.status, 200, response.text);
        const { policy } = response.body;
        assert.equal(policy.mode, 'roles');
        assert.deepEqual(policy.roles, ['admin']);
        assert.deepEqual([...policy.allowedMethods].sort(), ALL_METHODS);
        assert.ok(policy.gracePeriodDays > 0, `grace ${policy.gracePeriodDays}`);
        assert.equal(policy.trustBrowserAllowed, true);
      });

      test('an administrator changes the policy; it is kept and audited', async () => {
        const policy = { mode: 'everyone', roles: [], allowedMethods: ['totp', 'passkey'], gracePeriodDays: 3, trustBrowserAllowed: false };
        const response = await context.admin.put('/api/admin/settings/mfa', policy);
        assert.equal(response.status, 200, response.text);
        assert.deepEqual(response.body.policy, policy);
        assert.deepEqual((await context.admin.get('/api/admin/settings/mfa')).body.policy, policy);
        const events = await context.server.database.db.selectFrom('audit_events').select(['event', 'actor_id']).where('event', '=', 'settings.mfa_changed').execute();
        assert.equal(events.length, 1);
        assert.ok(events[0]!.actor_id);
      });

      test('a person without settings.manage can neither read nor change the policy', async () => {
        const read = await member.browser.get('/api/admin/settings/mfa');
        assertError(read, 403, 'forbidden');
        assert.equal(read.body.error.permission, 'settings.manage');
        const change = await member.browser.put('/api/admin/settings/mfa', { mode: 'optional', roles: [], allowedMethods: ['totp'], gracePeriodDays: 0, trustBrowserAllowed: true });
        assertError(change, 403, 'forbidden');
        assert.equal((await context.admin.get('/api/admin/settings/mfa')).body.policy.mode, 'roles');
      });

      test('an invalid policy is refused', async () => {
        const valid = { mode: 'everyone', roles: [], allowedMethods: ['totp'], gracePeriodDays: 0, trustBrowserAllowed: true };
        for (const invalid of [
          { ...valid, allowedMethods: [] },
          { ...valid, allowedMethods: ['carrier_pigeon'] },
          { ...valid, mode: 'sometimes' },
          { ...valid, gracePeriodDays: 91 },
          { ...valid, gracePeriodDays: -1 },
          { ...valid, gracePeriodDays: 1.5 },
          { ...valid, roles: ['emperor'] },
          { ...valid, bypassFor: ['ada@example.com'] },
          { mode: 'everyone' },
        ]) {
          assertError(await context.admin.put('/api/admin/settings/mfa', invalid), 400, 'validation_failed');
        }
        assert.equal((await context.admin.get('/api/admin/settings/mfa')).body.policy.mode, 'roles');
      });
    });

    describe('the default: administrators within their grace period', () => {
      test('an administrator without a factor signs in during the grace period, and /me says until when', async () => {
        const browser = new Browser(context.server);
        const response = await browser.login(ADMIN.email, ADMIN.password);
        assert.deepEqual(response.body, { status: 'signed_in' });
        const me = await browser.me();
        assert.equal(me.body.mfaEnrollmentRequired, false);
        const due = me.body.mfaEnrollmentDueAt;
        assert.equal(typeof due, 'number');
        const { policy } = (await context.admin.get('/api/admin/settings/mfa')).body;
        assert.ok(due > context.clock.now() && due <= context.clock.now() + policy.gracePeriodDays * DAY_MILLISECONDS, `due ${due}`);
        const account = await browser.mfa();
        assert.equal(account.body.required, true);
        assert.equal(account.body.enrollmentDueAt, due);
      });

      test('a sales rep is not required to enrol: no due date', async () => {
        const me = await member.browser.me();
        assert.equal(me.body.mfaEnrollmentDueAt, null);
        assert.equal(me.body.mfaEnrollmentRequired, false);
        assert.equal((await member.browser.mfa()).body.required, false);
      });

      test('after the grace period the administrator must enrol before anything else', async () => {
        const first = new Browser(context.server);
        await first.login(ADMIN.email, ADMIN.password);
        const due = (await first.me()).body.mfaEnrollmentDueAt;
        assert.equal(typeof due, 'number');
        context.clock.set(due + 1000);
        const browser = new Browser(context.server);
        const response = await browser.login(ADMIN.email, ADMIN.password);
        assert.equal(response.status, 200, response.text);
        assert.equal(response.body.status, 'mfa_enrollment_required');
        assert.ok(browser.session);
        assertError(await browser.get('/api/admin/users'), 403, 'mfa_enrollment_required');
        assertError(await browser.get('/api/admin/settings/mfa'), 403, 'mfa_enrollment_required');
        assertError(await browser.post('/api/admin/users', { email: 'eve@example.com', name: 'Eve', role: 'admin' }), 403, 'mfa_enrollment_required');
        assert.equal((await browser.mfa()).status, 200, 'enrolment itself is allowed');
      });

      test('right after setup, /me tells the new administrator when the grace period ends', async () => {
        const me = await context.admin.me();
        assert.equal(me.body.mfaEnrollmentRequired, false);
        assert.equal(typeof me.body.mfaEnrollmentDueAt, 'number', `mfaEnrollmentDueAt ${me.body.mfaEnrollmentDueAt}`);
        assert.equal((await context.admin.mfa()).body.required, true);
        assert.equal(typeof (await context.admin.mfa()).body.enrollmentDueAt, 'number');
      });
    });

    describe('everyone, no grace period', () => {
      beforeEach(() => enrolAdminAndSet({ mode: 'everyone', gracePeriodDays: 0 }));

      test('a person without a factor gets a session that may only enrol', async () => {
        const browser = new Browser(context.server);
        const response = await browser.login(member.email, member.password);
        assert.equal(response.status, 200, response.text);
        assert.equal(response.body.status, 'mfa_enrollment_required');
        assert.deepEqual([...response.body.methods].sort(), ALL_METHODS);
        assert.ok(browser.session, 'a session limited to enrolment');
        const me = await browser.me();
        assert.equal(me.status, 200);
        assert.equal(me.body.mfaEnrollmentRequired, true);
        assert.equal((await browser.mfa()).status, 200);
        // Removing factors and new recovery codes are not enrolment.
        assertError(await browser.post('/api/account/mfa/recovery-codes'), 403, 'mfa_enrollment_required');
        assert.equal((await browser.post('/api/auth/logout')).status, 204);
      });

      test('an administrator without a factor cannot use the admin routes until enrolled', async () => {
        const second = await createMember(context, { email: 'grace@example.com', role: 'admin' });
        const browser = new Browser(context.server);
        const response = await browser.login(second.email, second.password);
        assert.equal(response.body.status, 'mfa_enrollment_required');
        assertError(await browser.get('/api/admin/users'), 403, 'mfa_enrollment_required');
        assertError(await browser.put('/api/admin/settings/mfa', { mode: 'optional', roles: [], allowedMethods: ['totp'], gracePeriodDays: 0, trustBrowserAllowed: true }), 403, 'mfa_enrollment_required');
        const { secret } = await enrolTOTP(context, browser);
        assert.ok(secret);
        assert.equal((await browser.get('/api/admin/users')).status, 200, 'full access after enrolling');
      });

      test('after enrolling, the person gets a fresh session with full access', async () => {
        const browser = new Browser(context.server);
        await browser.login(member.email, member.password);
        const limitedToken = browser.session!;
        const started = await browser.post('/api/account/mfa/totp');
        assert.equal(started.status, 200, started.text);
        const confirmed = await browser.post('/api/account/mfa/totp/confirm', { code: await totpCode(context, started.body.secret) });
        assert.equal(confirmed.status, 200, confirmed.text);
        assert.ok(confirmed.session, 'a fresh session cookie');
        assert.notEqual(confirmed.session, limitedToken);
        assert.equal(confirmed.body.recoveryCodes.length, 10);
        const me = await browser.me();
        assert.equal(me.body.mfaEnrollmentRequired, false);
        const patched = await browser.request('PATCH', '/api/account', { json: { locale: 'en' } });
        assert.equal(patched.status, 200, patched.text);
        const old = new Browser(context.server);
        old.setCookie('session', limitedToken);
        assertError(await old.me(), 401, 'unauthenticated');
      });

      test('a person with a factor signs in with it as usual', async () => {
        const { secret } = await enrolTOTP(context, member.browser);
        const browser = await signInWithTOTP(context, member.email, member.password, secret);
        assert.equal((await browser.me()).body.mfaEnrollmentRequired, false);
      });

      test('removing the last factor is refused with 409 mfa_factor_required', async () => {
        const { factor } = await enrolTOTP(context, member.browser);
        const response = await member.browser.delete(`/api/account/mfa/factors/${factor.id}`);
        assertError(response, 409, 'mfa_factor_required');
        assert.equal((await member.browser.mfa()).body.factors.length, 1);
      });

      test('removing one of two factors is allowed', async () => {
        const { factor } = await enrolTOTP(context, member.browser);
        await enrolSMS(context, member.browser);
        const response = await member.browser.delete(`/api/account/mfa/factors/${factor.id}`);
        assert.equal(response.status, 204, response.text);
      });
    });

    describe('everyone, with a grace period', () => {
      beforeEach(() => enrolAdminAndSet({ mode: 'everyone', gracePeriodDays: 7 }));

      test('within the grace period the person is signed in and told the due date', async () => {
        const browser = new Browser(context.server);
        assert.deepEqual((await browser.login(member.email, member.password)).body, { status: 'signed_in' });
        const me = await browser.me();
        assert.equal(me.body.mfaEnrollmentRequired, false);
        assert.ok(me.body.mfaEnrollmentDueAt > context.clock.now());
        assert.ok(me.body.mfaEnrollmentDueAt <= context.clock.now() + 7 * DAY_MILLISECONDS);
      });

      test('after the grace period the sign-in is limited to enrolment', async () => {
        const browser = new Browser(context.server);
        await browser.login(member.email, member.password);
        const due = (await browser.me()).body.mfaEnrollmentDueAt;
        context.clock.set(due + 1000);
        const later = new Browser(context.server);
        const response = await later.login(member.email, member.password);
        assert.equal(response.body.status, 'mfa_enrollment_required');
        assert.equal((await later.me()).body.mfaEnrollmentRequired, true);
        assertError(await later.post('/api/account/mfa/recovery-codes'), 403, 'mfa_enrollment_required');
      });

      test('the grace period starts once: signing in again does not extend it', async () => {
        const browser = new Browser(context.server);
        await browser.login(member.email, member.password);
        const due = (await browser.me()).body.mfaEnrollmentDueAt;
        context.clock.advance(3 * DAY_MILLISECONDS);
        const again = new Browser(context.server);
        await again.login(member.email, member.password);
        assert.equal((await again.me()).body.mfaEnrollmentDueAt, due);
      });
    });

    describe('roles', () => {
      test('a role named in the policy must enrol; others need not', async () => {
        await enrolAdminAndSet({ mode: 'roles', roles: ['admin', 'sales_rep'], gracePeriodDays: 0 });
        const manager = await createMember(context, { email: 'mia@example.com', role: 'sales_manager' });
        assert.equal((await new Browser(context.server).login(member.email, member.password)).body.status, 'mfa_enrollment_required');
        assert.deepEqual((await new Browser(context.server).login(manager.email, manager.password)).body, { status: 'signed_in' });
      });
    });

    describe('allowed methods', () => {
      test('a method the administrator disallowed cannot be enrolled', async () => {
        await setPolicy(context, { allowedMethods: ['totp', 'email', 'passkey'] });
        const since = context.sms.messages.length;
        assertError(await member.browser.post('/api/account/mfa/sms', { phone: '+86 138 0013 8000' }), 400, 'mfa_method_unavailable');
        assert.equal(context.sms.messages.length, since, 'no SMS sent');
        assert.deepEqual([...(await member.browser.mfa()).body.allowedMethods].sort(), ['email', 'passkey', 'totp']);
      });

      test('a disallowed method is no longer offered or accepted at sign-in', async () => {
        await enrolTOTP(context, member.browser);
        await enrolSMS(context, member.browser);
        await setPolicy(context, { allowedMethods: ['totp', 'email', 'passkey'] });
        const { browser, answer } = await signInToSecondStep(context, member.email, member.password);
        assert.ok(!answer.methods.includes('sms'), JSON.stringify(answer));
        assert.ok(answer.methods.includes('totp'));
        const since = context.sms.messages.length;
        assertError(await browser.post('/api/auth/mfa/send', { method: 'sms' }), 400, 'mfa_method_unavailable');
        assert.equal(context.sms.messages.length, since);
      });

      test('with enrolment required, only allowed methods are offered', async () => {
        await enrolAdminAndSet({ mode: 'everyone', gracePeriodDays: 0, allowedMethods: ['totp'] });
        const response = await new Browser(context.server).login(member.email, member.password);
        assert.deepEqual(response.body, { status: 'mfa_enrollment_required', methods: ['totp'] });
      });
    });
  });
}
