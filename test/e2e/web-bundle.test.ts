/**
 * The built web app (dist/web, made by `npm test` before the tests run): the sign-in page
 * fetches only its own small set of scripts, and index.html has nothing the CSP would block.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));
// Measured at 116 kB with the second step and passkey sign-in (React 19 + react-dom alone are 66 kB;
// the messages of both languages about 12 kB); antd would add about 275 kB.
const SIGN_IN_JS_BUDGET_GZIP_BYTES = 125 * 1024;

function readDist(path: string): string {
  return readFileSync(join(DIST, path), 'utf8');
}

/** The scripts a browser runs for the sign-in page: the entry and everything it imports statically. */
function signInScripts(): string[] {
  const html = readDist('index.html');
  const start = [...html.matchAll(/<script[^>]*\ssrc="\/([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g)].map(
    (match) => match[1] ?? '',
  );
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const path = queue.pop() ?? '';
    if (seen.has(path)) continue;
    seen.add(path);
    const code = readDist(path);
    // Static imports only (`import "./x.js"`, `from "./x.js"`); `import("./x.js")` is fetched later.
    for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)) {
      queue.push(`assets/${match[1]}`);
    }
  }
  return [...seen].sort();
}

test('the web app is built', () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist/web/index.html is missing: run `npm run build`');
});

test('index.html has no inline script (the CSP allows scripts from this origin only)', () => {
  const html = readDist('index.html');
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
    assert.match(tag, /\ssrc="\//, `inline script: ${tag}`);
  }
  assert.doesNotMatch(html, /\son[a-z]+="/i, 'inline event handler');
});

test('the sign-in page loads no antd, no WebAuthn library and no signed-in app code, within its size budget', () => {
  const scripts = signInScripts();
  assert.ok(scripts.length > 0);
  // @simplewebauthn/browser (the webauthn chunk) is fetched when a passkey button is pressed.
  const appOnly = scripts.filter((path) => /\/(app-vendor|app-root|home-page|account-page|change-password-page|admin-users-page|webauthn)-/.test(path));
  assert.deepEqual(appOnly, [], 'the sign-in page imports signed-in code');
  const all = scripts.map((path) => readDist(path)).join('\n');
  // antd's class-name prefix and its CSS-in-JS runtime would show in any chunk that carries them.
  assert.doesNotMatch(all, /ant-btn|@ant-design|css-dev-only-do-not-override/);
  const gzipBytes = scripts.reduce((sum, path) => sum + gzipSync(readFileSync(join(DIST, path))).length, 0);
  console.log(`sign-in page JS: ${(gzipBytes / 1024).toFixed(1)} kB gzip in ${scripts.length} files`);
  assert.ok(gzipBytes <= SIGN_IN_JS_BUDGET_GZIP_BYTES, `sign-in page JS is ${gzipBytes} bytes gzip`);
});
