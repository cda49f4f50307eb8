import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  describe('successful loading', () => {
    test('an empty environment gives the documented defaults', () => {
      const config = loadConfig({});
      assert.equal(config.port, 3000);
      assert.equal(config.host, '0.0.0.0');
      assert.equal(config.publicURL, 'http://localhost:3000');
      assert.equal(config.publicOrigin, 'http://localhost:3000');
      assert.equal(config.secureCookies, false);
      assert.equal(config.dataDir, path.resolve('./data'));
      assert.equal(config.databaseURL, undefined);
      assert.equal(config.redisURL, undefined);
      assert.equal(config.smtpURL, undefined);
      assert.equal(config.mailFrom, 'Cairn <no-reply@localhost>');
      assert.deepEqual(config.trustProxy, []);
      assert.equal(config.logLevel, 'info');
    });

    test('the default public URL follows PORT', () => {
      assert.equal(loadConfig({ PORT: '8080' }).publicURL, 'http://localhost:8080');
    });

    test('an empty variable counts as unset', () => {
      const config = loadConfig({ PORT: '', DATABASE_URL: '', PUBLIC_URL: '' });
      assert.equal(config.port, 3000);
      assert.equal(config.databaseURL, undefined);
    });

    test('PUBLIC_URL loses its trailing slashes and gives the origin', () => {
      const config = loadConfig({ PUBLIC_URL: 'https://crm.example.com/' });
      assert.equal(config.publicURL, 'https://crm.example.com');
      assert.equal(config.publicOrigin, 'https://crm.example.com');
      assert.equal(loadConfig({ PUBLIC_URL: 'https://crm.example.com//' }).publicURL, 'https://crm.example.com');
    });

    test('a PUBLIC_URL under a path keeps the path; the origin has none', () => {
      const config = loadConfig({ PUBLIC_URL: 'https://example.com/cairn/' });
      assert.equal(config.publicURL, 'https://example.com/cairn');
      assert.equal(config.publicOrigin, 'https://example.com');
    });

    test('an https PUBLIC_URL turns on secure cookies; http does not', () => {
      assert.equal(loadConfig({ PUBLIC_URL: 'https://crm.example.com' }).secureCookies, true);
      assert.equal(loadConfig({ PUBLIC_URL: 'http://crm.example.com' }).secureCookies, false);
    });

    test('the mail sender defaults to the public host name', () => {
      assert.equal(loadConfig({ PUBLIC_URL: 'https://crm.example.com:8443' }).mailFrom, 'Cairn <no-reply@crm.example.com>');
      assert.equal(loadConfig({ MAIL_FROM: 'CRM <crm@example.com>' }).mailFrom, 'CRM <crm@example.com>');
    });

    test('postgres:// and postgresql:// URLs are both accepted', () => {
      assert.equal(loadConfig({ DATABASE_URL: 'postgres://u:p@localhost/cairn' }).databaseURL, 'postgres://u:p@localhost/cairn');
      assert.equal(loadConfig({ DATABASE_URL: 'postgresql://u:p@localhost/cairn' }).databaseURL, 'postgresql://u:p@localhost/cairn');
    });

    test('TRUST_PROXY is a comma-separated list, spaces ignored', () => {
      assert.deepEqual(loadConfig({ TRUST_PROXY: ' 10.0.0.1, 192.168.0.0/16 ,,' }).trustProxy, ['10.0.0.1', '192.168.0.0/16']);
    });

    test('DATA_DIR is made absolute', () => {
      assert.equal(loadConfig({ DATA_DIR: 'relative/dir' }).dataDir, path.resolve('relative/dir'));
    });

    test('the configuration is frozen', () => {
      const config = loadConfig({});
      assert.ok(Object.isFrozen(config));
      assert.throws(() => {
        (config as { port: number }).port = 1;
      }, TypeError);
    });
  });

  describe('failing loading', () => {
    function assertRefused(env: Record<string, string>, variable: string): ConfigError {
      try {
        loadConfig(env);
      } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        assert.match(error.message, new RegExp(`^Invalid configuration: ${variable} `));
        assert.doesNotMatch(error.message, /\n/, 'one line');
        return error;
      }
      assert.fail(`${JSON.stringify(env)} was accepted`);
    }

    test('a PORT that is not a whole number from 0 to 65535 is refused', () => {
      for (const port of ['abc', '70000', '-1', '80.5']) assertRefused({ PORT: port }, 'PORT');
    });

    test('a PUBLIC_URL that is not an http(s) URL is refused', () => {
      assertRefused({ PUBLIC_URL: 'crm.example.com' }, 'PUBLIC_URL');
      assertRefused({ PUBLIC_URL: 'ftp://crm.example.com' }, 'PUBLIC_URL');
      assertRefused({ PUBLIC_URL: 'javascript:alert(1)' }, 'PUBLIC_URL');
    });

    test('a DATABASE_URL that is not PostgreSQL is refused without echoing its password', () => {
      const error = assertRefused({ DATABASE_URL: 'mysql://cairn:hunter2@db/cairn' }, 'DATABASE_URL');
      assert.ok(!error.message.includes('hunter2'));
      assertRefused({ DATABASE_URL: 'not a url' }, 'DATABASE_URL');
    });

    test('REDIS_URL and SMTP_URL must have their own schemes', () => {
      assertRefused({ REDIS_URL: 'http://cache:6379' }, 'REDIS_URL');
      assertRefused({ SMTP_URL: 'http://mail.example.com' }, 'SMTP_URL');
    });

    test('an unknown LOG_LEVEL is refused', () => {
      assertRefused({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL');
    });

    test('the first bad variable is named when several are bad', () => {
      assert.throws(() => loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' }), ConfigError);
    });
  });
});
