import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BUILT_IN_ROLES, isRoleKey, PERMISSIONS, roleHasPermission } from './roles.ts';
import { ROLE_VALUES } from '../../shared/schemas.ts';

describe('roles and permissions', () => {
  test('the built-in role keys are the documented ones, shared with the request schemas', () => {
    assert.deepEqual([...BUILT_IN_ROLES], ['admin', 'sales_manager', 'sales_rep', 'read_only']);
    assert.deepEqual([...ROLE_VALUES].sort(), [...BUILT_IN_ROLES].sort());
  });

  test('an administrator holds every permission', () => {
    for (const permission of PERMISSIONS) assert.equal(roleHasPermission('admin', permission), true, permission);
  });

  test('no other built-in role may read or manage users', () => {
    for (const role of ['sales_manager', 'sales_rep', 'read_only']) {
      assert.equal(roleHasPermission(role, 'users.read'), false, role);
      assert.equal(roleHasPermission(role, 'users.manage'), false, role);
    }
  });

  test('an unknown role holds nothing, even one named like an object property', () => {
    for (const role of ['superuser', 'Admin', '', 'constructor', '__proto__', 'toString']) {
      assert.equal(isRoleKey(role), false, role);
      assert.equal(roleHasPermission(role, 'users.read'), false, role);
    }
  });
});
