import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { poolTls, tlsConnectOptions } from '../../src/node/tls.ts';

let dir: string;
const file = (name: string) => join(dir, name);
const asText = (value: unknown) => (Buffer.isBuffer(value) ? value.toString('utf8') : value);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'httprx-tls-'));
  writeFileSync(file('ca.pem'), 'CA BUNDLE PLACEHOLDER');
  writeFileSync(file('env-ca.pem'), 'ENV CA PLACEHOLDER');
  writeFileSync(file('both.pem'), 'CERT AND KEY PLACEHOLDER');
  writeFileSync(file('cert.pem'), 'CERT PLACEHOLDER');
  writeFileSync(file('key.pem'), 'KEY PLACEHOLDER');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('tlsConnectOptions', () => {
  describe('option errors', () => {
    it('rejects an unknown verify option, suggesting the one meant', () => {
      expect(() => tlsConnectOptions({ rejectUnauthorised: false } as never, undefined, false)).toThrow(
        new TypeError(
          'Unknown verify option "rejectUnauthorised" (got false): did you mean "rejectUnauthorized"?',
        ),
      );
    });

    it('rejects a cert object without a key, naming what is missing', () => {
      expect(() => tlsConnectOptions(true, { cert: 'PEM' } as never, false)).toThrow(
        /^cert must give both cert and key \(PEM text or bytes\), not an object without key$/,
      );
    });

    it('reads the verify and cert objects from own properties only', () => {
      const verify = Object.create({ ca: 'INHERITED CA' }) as object;
      expect(tlsConnectOptions(verify, undefined, false).ca).toBeUndefined();
    });
  });

  describe('verify', () => {
    it('adds nothing for true, leaving Node its defaults', () => {
      vi.stubEnv('SSL_CERT_FILE', '');
      vi.stubEnv('SSL_CERT_DIR', '');
      expect(tlsConnectOptions(true, undefined, true)).toEqual({});
    });

    it('turns certificate checks off for false', () => {
      expect(tlsConnectOptions(false, undefined, false)).toEqual({ rejectUnauthorized: false });
    });

    it('reads a CA bundle from a path', () => {
      const options = tlsConnectOptions(file('ca.pem'), undefined, false);
      expect(options.rejectUnauthorized).toBe(true);
      expect(asText(options.ca)).toBe('CA BUNDLE PLACEHOLDER');
    });

    it('passes a CA given as a string as it is', () => {
      const options = tlsConnectOptions({ ca: '-----PEM TEXT-----' }, undefined, false);
      expect(options).toEqual({ rejectUnauthorized: true, ca: '-----PEM TEXT-----' });
    });

    it('turns a CA given as bytes into a Buffer of exactly those bytes', () => {
      const whole = new TextEncoder().encode('xxPEM BYTESyy');
      const options = tlsConnectOptions({ ca: whole.subarray(2, 11) }, undefined, false);
      expect(Buffer.isBuffer(options.ca)).toBe(true);
      expect(asText(options.ca)).toBe('PEM BYTES');
    });

    it('converts each CA of a list', () => {
      const options = tlsConnectOptions(
        { ca: ['first', new TextEncoder().encode('second')] },
        undefined,
        false,
      );
      expect((options.ca as unknown[]).map(asText)).toEqual(['first', 'second']);
    });

    it('passes the other TLS settings on', () => {
      const options = tlsConnectOptions(
        { servername: 'api.example', minVersion: 'TLSv1.3', ciphers: 'TLS_AES_128_GCM_SHA256' },
        undefined,
        false,
      );
      expect(options).toEqual({
        rejectUnauthorized: true,
        servername: 'api.example',
        minVersion: 'TLSv1.3',
        ciphers: 'TLS_AES_128_GCM_SHA256',
      });
    });

    it('lets an options object turn certificate checks off', () => {
      expect(tlsConnectOptions({ rejectUnauthorized: false }, undefined, false).rejectUnauthorized).toBe(
        false,
      );
    });
  });

  describe('SSL_CERT_FILE', () => {
    it('names the CA bundle for verify true when trustEnv is on', () => {
      vi.stubEnv('SSL_CERT_FILE', file('env-ca.pem'));
      const options = tlsConnectOptions(true, undefined, true);
      expect(options.rejectUnauthorized).toBe(true);
      expect(asText(options.ca)).toBe('ENV CA PLACEHOLDER');
    });

    it('is ignored when trustEnv is off', () => {
      vi.stubEnv('SSL_CERT_FILE', file('env-ca.pem'));
      expect(tlsConnectOptions(true, undefined, false)).toEqual({});
    });

    it('gives way to a CA path given as verify', () => {
      vi.stubEnv('SSL_CERT_FILE', file('env-ca.pem'));
      expect(asText(tlsConnectOptions(file('ca.pem'), undefined, true).ca)).toBe('CA BUNDLE PLACEHOLDER');
    });

    it('does not turn checks back on for verify false', () => {
      vi.stubEnv('SSL_CERT_FILE', file('env-ca.pem'));
      expect(tlsConnectOptions(false, undefined, true)).toEqual({ rejectUnauthorized: false });
    });

    it('raises a TypeError naming a file that cannot be read', () => {
      const missing = file('missing-env.pem');
      vi.stubEnv('SSL_CERT_FILE', missing);
      expect(() => tlsConnectOptions(true, undefined, true)).toThrow(TypeError);
      expect(() => tlsConnectOptions(true, undefined, true)).toThrow(
        `SSL_CERT_FILE at ${JSON.stringify(missing)}`,
      );
    });
  });

  describe('SSL_CERT_DIR', () => {
    it('gives every certificate file of the folder as CAs, in name order, when SSL_CERT_FILE is unset', () => {
      const certs = join(dir, 'certs');
      mkdirSync(certs);
      writeFileSync(join(certs, 'b.crt'), 'B');
      writeFileSync(join(certs, 'a.pem'), 'A');
      writeFileSync(join(certs, '1a2b3c4d.0'), 'HASHED');
      writeFileSync(join(certs, 'README'), 'not a certificate');
      vi.stubEnv('SSL_CERT_FILE', '');
      vi.stubEnv('SSL_CERT_DIR', certs);
      const { ca, rejectUnauthorized } = tlsConnectOptions(true, undefined, true);
      expect(rejectUnauthorized).toBe(true);
      expect((ca as Buffer[]).map(asText)).toEqual(['HASHED', 'A', 'B']);
      expect(tlsConnectOptions(true, undefined, false)).toEqual({});
    });

    it('raises a TypeError naming a folder that cannot be read', () => {
      vi.stubEnv('SSL_CERT_FILE', '');
      vi.stubEnv('SSL_CERT_DIR', file('no-such-dir'));
      expect(() => tlsConnectOptions(true, undefined, true)).toThrow(/SSL_CERT_DIR at/);
    });
  });

  describe('cert', () => {
    it('reads certificate and key from one file given as a string', () => {
      const options = tlsConnectOptions(false, file('both.pem'), false);
      expect(asText(options.cert)).toBe('CERT AND KEY PLACEHOLDER');
      expect(asText(options.key)).toBe('CERT AND KEY PLACEHOLDER');
      expect(options).not.toHaveProperty('passphrase');
    });

    it('reads certificate and key from the two files of a tuple', () => {
      const options = tlsConnectOptions(false, [file('cert.pem'), file('key.pem')], false);
      expect(asText(options.cert)).toBe('CERT PLACEHOLDER');
      expect(asText(options.key)).toBe('KEY PLACEHOLDER');
      expect(options).not.toHaveProperty('passphrase');
    });

    it('passes the password of a three-part tuple as the passphrase', () => {
      const options = tlsConnectOptions(false, [file('cert.pem'), file('key.pem'), 's3cret'], false);
      expect(options.passphrase).toBe('s3cret');
      expect(asText(options.key)).toBe('KEY PLACEHOLDER');
    });

    it('takes PEM contents from an object, text or bytes', () => {
      const options = tlsConnectOptions(
        false,
        { cert: 'CERT TEXT', key: new TextEncoder().encode('KEY BYTES'), passphrase: 'pw' },
        false,
      );
      expect(options.cert).toBe('CERT TEXT');
      expect(Buffer.isBuffer(options.key)).toBe(true);
      expect(asText(options.key)).toBe('KEY BYTES');
      expect(options.passphrase).toBe('pw');
    });

    it('combines with the verify settings', () => {
      const options = tlsConnectOptions(file('ca.pem'), { cert: 'C', key: 'K' }, false);
      expect(asText(options.ca)).toBe('CA BUNDLE PLACEHOLDER');
      expect([options.cert, options.key]).toEqual(['C', 'K']);
    });
  });

  describe('unreadable files', () => {
    it.each([
      ['a CA bundle', () => tlsConnectOptions(file('nope-ca.pem'), undefined, false), 'nope-ca.pem'],
      ['a client certificate', () => tlsConnectOptions(false, file('nope-cert.pem'), false), 'nope-cert.pem'],
      [
        'a client key',
        () => tlsConnectOptions(false, [file('cert.pem'), file('nope-key.pem')], false),
        'nope-key.pem',
      ],
    ])('raise a TypeError naming %s that is missing', (_what, call, name) => {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(JSON.stringify(file(name)));
    });

    it('keeps the file system error as the cause', () => {
      let caught: unknown;
      try {
        tlsConnectOptions(file('nope.pem'), undefined, false);
      } catch (error) {
        caught = error;
      }
      expect((caught as Error).cause).toMatchObject({ code: 'ENOENT' });
    });
  });
});

describe('poolTls', () => {
  it('keeps rejectUnauthorized and servername per connection and puts the rest in the context', () => {
    const contexts = vi.spyOn(tls, 'createSecureContext');
    try {
      const pool = poolTls(
        { servername: 'api.example', minVersion: 'TLSv1.2', ca: '-----NOT A PEM-----' },
        undefined,
        false,
      );
      expect(pool.connect).toEqual({ rejectUnauthorized: true, servername: 'api.example' });
      expect(contexts).not.toHaveBeenCalled();
      pool.context();
      expect(contexts.mock.calls).toEqual([[{ minVersion: 'TLSv1.2', ca: '-----NOT A PEM-----' }]]);
    } finally {
      contexts.mockRestore();
    }
  });

  it('makes its secure context once, on first use, and gives the same one after', () => {
    const contexts = vi.spyOn(tls, 'createSecureContext');
    try {
      const pool = poolTls(false, undefined, false);
      expect(pool.connect).toEqual({ rejectUnauthorized: false });
      const first = pool.context();
      expect(pool.context()).toBe(first);
      expect(contexts).toHaveBeenCalledTimes(1);
    } finally {
      contexts.mockRestore();
    }
  });

  it('raises a TypeError that says which settings to check when the certificates cannot be loaded', () => {
    const pool = poolTls(false, { cert: 'not a certificate', key: 'not a key' }, false);
    expect(() => pool.context()).toThrow(TypeError);
    expect(() => pool.context()).toThrow(
      /could not be loaded \(verify, cert, SSL_CERT_FILE or SSL_CERT_DIR\): .*PEM/,
    );
  });
});
