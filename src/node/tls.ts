import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import tls, { type ConnectionOptions, type SecureContext } from 'node:tls';
import { describe } from '../config/describe.ts';
import { checkOptionNames } from '../config/option-names.ts';
import { own } from '../config/own.ts';
import type { CertOption, Pem, TlsVerifyOptions, VerifyOption } from './tls-options.ts';

const VERIFY_OPTION_NAMES: ReadonlySet<string> = new Set([
  'ca',
  'rejectUnauthorized',
  'servername',
  'minVersion',
  'ciphers',
]);
const CERT_OPTION_NAMES: ReadonlySet<string> = new Set(['cert', 'key', 'passphrase']);

function pem(value: Pem): string | Buffer {
  return typeof value === 'string' ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new TypeError(`Cannot read the ${what} at ${JSON.stringify(path)}`, { cause });
  }
}

/** Every certificate file in an OpenSSL-style directory (`*.pem`, `*.crt`, hashed `abcd1234.0` names). */
function readCertDir(dir: string): Buffer[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /\.(pem|crt|cer)$|^[0-9a-f]{8}\.\d+$/i.test(name));
  } catch (cause) {
    throw new TypeError(`Cannot read the CA directory named by SSL_CERT_DIR at ${JSON.stringify(dir)}`, {
      cause,
    });
  }
  return names.sort().map((name) => readPem(join(dir, name), 'CA certificate in SSL_CERT_DIR'));
}

function verifyOptions(verify: VerifyOption, env: NodeJS.ProcessEnv | undefined): ConnectionOptions {
  if (verify === false) return { rejectUnauthorized: false };
  // Through the module object, as below: read when the pool is made.
  if (verify === 'system') return { rejectUnauthorized: true, ca: tls.getCACertificates('system') };
  if (typeof verify === 'string') return { rejectUnauthorized: true, ca: readPem(verify, 'CA bundle') };
  if (verify === true) {
    const file = env?.SSL_CERT_FILE;
    if (file) return { rejectUnauthorized: true, ca: readPem(file, 'CA bundle named by SSL_CERT_FILE') };
    const dir = env?.SSL_CERT_DIR;
    return dir ? { rejectUnauthorized: true, ca: readCertDir(dir) } : {};
  }
  checkOptionNames('verify', verify, VERIFY_OPTION_NAMES);
  // Own properties only: the rest spread copies none that are inherited, and `ca` must not be.
  const { ca: _ca, ...rest }: TlsVerifyOptions = verify;
  const ca = own(verify, 'ca');
  return {
    rejectUnauthorized: true,
    ...rest,
    ...(ca === undefined ? {} : { ca: Array.isArray(ca) ? ca.map(pem) : pem(ca as Pem) }),
  };
}

function certOptions(cert: CertOption | undefined): ConnectionOptions {
  if (cert === undefined) return {};
  if (typeof cert === 'string') {
    const both = readPem(cert, 'client certificate');
    return { cert: both, key: both };
  }
  if (Array.isArray(cert)) {
    const [certFile, keyFile, passphrase] = cert as readonly [string, string, string?];
    return {
      cert: readPem(certFile, 'client certificate'),
      key: readPem(keyFile, 'client key'),
      ...(passphrase === undefined ? {} : { passphrase }),
    };
  }
  const pair = cert as { cert: Pem; key: Pem; passphrase?: string };
  checkOptionNames('cert', pair, CERT_OPTION_NAMES);
  const certPem = own(pair, 'cert');
  const key = own(pair, 'key');
  const passphrase = own(pair, 'passphrase');
  if (certPem === undefined || key === undefined)
    throw new TypeError(
      `cert must give both cert and key (PEM text or bytes), not ${describe(cert)} without ${certPem === undefined ? 'cert' : 'key'}`,
    );
  return { cert: pem(certPem), key: pem(key), ...(passphrase === undefined ? {} : { passphrase }) };
}

/**
 * The TLS options for undici's connector. With `trustEnv` and `verify: true`, `SSL_CERT_FILE`
 * names the CA bundle, or else `SSL_CERT_DIR` a folder of CA certificates, replacing Node's
 * store. Files are read once, when the pool is made.
 */
export function tlsConnectOptions(
  verify: VerifyOption,
  cert: CertOption | undefined,
  trustEnv: boolean,
): ConnectionOptions {
  return { ...verifyOptions(verify, trustEnv ? process.env : undefined), ...certOptions(cert) };
}

/** The options that go into a secure context; the rest (`rejectUnauthorized`, `servername`) are per connection. */
const CONTEXT_KEYS = ['ca', 'cert', 'key', 'passphrase', 'ciphers', 'minVersion'] as const;

/** A pool's TLS: the per-connection options, and the one secure context all its connections share. */
export interface PoolTls {
  /** `rejectUnauthorized` and `servername`, when set. */
  readonly connect: ConnectionOptions;
  /**
   * The secure context (CA store, client certificate, ciphers), made on first use and kept:
   * without it, Node's `tls.connect` makes one per connection, parsing a CA bundle such as
   * `SSL_CERT_FILE`'s every time (~10 ms for a system bundle of 140 CAs). Throws when the
   * certificates cannot be loaded.
   */
  context(): SecureContext;
}

/**
 * {@link tlsConnectOptions}, split for a pool: files are read now; the secure context is made
 * once, when the first TLS connection needs it (a pool that only speaks http pays nothing).
 */
export function poolTls(verify: VerifyOption, cert: CertOption | undefined, trustEnv: boolean): PoolTls {
  const options = tlsConnectOptions(verify, cert, trustEnv);
  const connect: ConnectionOptions = {};
  const material: tls.SecureContextOptions = {};
  for (const [name, value] of Object.entries(options)) {
    const target = (CONTEXT_KEYS as readonly string[]).includes(name) ? material : connect;
    (target as Record<string, unknown>)[name] = value;
  }
  let made: SecureContext | undefined;
  return {
    connect,
    context() {
      if (made) return made;
      try {
        // Through the module object (not a named import), so that it stays observable in specs.
        made = tls.createSecureContext(material);
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new TypeError(
          `The TLS certificates could not be loaded (verify, cert, SSL_CERT_FILE or SSL_CERT_DIR): ${reason}`,
          { cause },
        );
      }
      return made;
    },
  };
}
