import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSessionCache, SESSION_CACHE_MAX_ENTRIES, SESSION_CACHE_TTL_MILLISECONDS } from './cache.ts';
import type { SessionWithUser } from './store.ts';

function entry(userId: string): SessionWithUser {
  return {
    session: { id: 'x', user_id: userId, created_at: 0, last_seen_at: 0, expires_at: 0, ip: '', user_agent: '', authenticated_at: 0, mfa_enrollment_required: 0 },
    user: { id: userId, email: '', username: null, name: '', role: 'admin', locale: 'en', status: 'active', must_change_password: 0, mfa_grace_ends_at: null },
  };
}

describe('the session cache', () => {
  test('an entry is kept for less than its time-to-live', () => {
    const cache = createSessionCache();
    cache.set('a', entry('ada'), 1000, cache.generation());
    assert.ok(cache.get('a', 1000 + SESSION_CACHE_TTL_MILLISECONDS - 1));
    assert.equal(cache.get('a', 1000 + SESSION_CACHE_TTL_MILLISECONDS), undefined);
  });

  test('an entry is dropped when the clock goes back', () => {
    const cache = createSessionCache();
    cache.set('a', entry('ada'), 1000, cache.generation());
    assert.equal(cache.get('a', 999), undefined);
  });

  test("deleting a user drops all of that user's entries and only those", () => {
    const cache = createSessionCache();
    cache.set('a1', entry('ada'), 0, cache.generation());
    cache.set('a2', entry('ada'), 0, cache.generation());
    cache.set('b1', entry('bob'), 0, cache.generation());
    cache.deleteUser('ada');
    assert.equal(cache.get('a1', 0), undefined);
    assert.equal(cache.get('a2', 0), undefined);
    assert.ok(cache.get('b1', 0));
  });

  test('a lookup that began before a removal is not kept (it may have read a revoked session)', () => {
    const cache = createSessionCache();
    const generation = cache.generation();
    cache.delete('a');
    cache.set('a', entry('ada'), 0, generation);
    assert.equal(cache.get('a', 0), undefined);
    cache.set('a', entry('ada'), 0, cache.generation());
    assert.ok(cache.get('a', 0));
  });

  test('the cache is bounded: the oldest entry goes first', () => {
    const cache = createSessionCache();
    for (let i = 0; i < SESSION_CACHE_MAX_ENTRIES; i++) cache.set(`s${i}`, entry('ada'), 0, cache.generation());
    cache.set('newest', entry('ada'), 0, cache.generation());
    assert.equal(cache.get('s0', 0), undefined);
    assert.ok(cache.get('s1', 0));
    assert.ok(cache.get('newest', 0));
  });
});
