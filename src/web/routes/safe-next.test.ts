import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeNextPath, signInPath } from './safe-next.ts';

test('successful next: a same-site path with its query is kept', () => {
  assert.equal(safeNextPath('/admin/users'), '/admin/users');
  assert.equal(safeNextPath('/account?tab=1'), '/account?tab=1');
});

test('failing next: other origins and odd forms fall back to the home page (open redirect)', () => {
  for (const next of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', '/\t/evil.example', '/login', '/login?next=/x']) {
    assert.equal(safeNextPath(next), '/', `accepted ${JSON.stringify(next)}`);
  }
});

test('the sign-in path carries the page to come back to, except the home page', () => {
  assert.equal(signInPath('/'), '/login');
  assert.equal(signInPath('/admin/users'), '/login?next=%2Fadmin%2Fusers');
});
