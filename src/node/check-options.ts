import { checkBoolean, checkRecord, type PlatformOptions } from '../client-options.ts';
import { describe } from '../config/describe.ts';
import { checkMounts } from '../transports/mounted.ts';
import { httpVersions } from './http-versions.ts';
import { NODE_CLIENT_OPTION_NAMES, type NodeClientOptions } from './options.ts';
import { ProxySettings } from './proxy.ts';

/**
 * The Node client's own options for `checkClientOptions`: their names, and the checks of their
 * values (`cookies`, `verify`, `cert`, `trustEnv`, `http1` and `http2`, `mounts`, `proxy`, in that order), each error naming the
 * option, the value it got and what would be right.
 */
export const NODE_CLIENT_OPTIONS: PlatformOptions = {
  names: NODE_CLIENT_OPTION_NAMES,
  check(options: NodeClientOptions): void {
    checkRecord('cookies', options.cookies, 'a CookieJar, { name: value } or [name, value] pairs');
    checkVerify(options.verify);
    checkCert(options.cert);
    checkBoolean('trustEnv', options.trustEnv);
    httpVersions(options.http1, options.http2);
    checkMounts(options.mounts);
    checkProxy(options.proxy);
  },
};

function checkVerify(verify: unknown): void {
  if (verify === undefined || typeof verify === 'boolean' || typeof verify === 'string') return;
  if (typeof verify === 'object' && verify !== null && !Array.isArray(verify)) return;
  throw new TypeError(
    `verify must be true, false, 'system', the path of a CA bundle or { ca, rejectUnauthorized, servername, minVersion, ciphers }, not ${describe(verify)}`,
  );
}

function checkCert(cert: unknown): void {
  if (cert === undefined || typeof cert === 'string') return;
  if (
    Array.isArray(cert)
      ? cert.every((part) => typeof part === 'string')
      : typeof cert === 'object' && cert !== null
  )
    return;
  throw new TypeError(
    `cert must be the path of a PEM file, [certFile, keyFile, password?] or { cert, key, passphrase? }, not ${describe(cert)}`,
  );
}

function checkProxy(proxy: unknown): void {
  if (proxy === undefined || proxy === null || proxy instanceof ProxySettings) return;
  if (typeof proxy === 'string' || proxy instanceof URL) {
    ProxySettings.from(proxy);
    return;
  }
  throw new TypeError(
    `proxy must be a proxy URL such as 'http://proxy.local:3128', a Proxy, or null for none, not ${describe(proxy)}`,
  );
}
