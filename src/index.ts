/**
 * httprx for Node: the neutral public names (public.ts), plus the Node platform: undici's
 * connection pool as the default transport, the tough-cookie jar and netrc.
 */
// First: on a too old Node.js this throws a clear error before undici is evaluated.
import './node/node-version.ts';
import { Client } from './node/client.ts';
import { oneOffFunctions } from './one-off.ts';

export * from './public.ts';

export { Client };

/** One-off requests on a throw-away client: `get(url)`, `post(url, { json })`, `stream('GET', url)`. */
export const {
  request,
  stream,
  get,
  head,
  options,
  delete: del,
  post,
  put,
  patch,
} = oneOffFunctions((clientOptions) => new Client(clientOptions));

export { ClientCookies, CookieJar } from './node/cookie-jar.ts';
export { cookies } from './node/cookies.ts';
export { NetRCAuth } from './node/netrc-auth.ts';
export { ConnectionPool, type ConnectionPoolOptions } from './node/pool.ts';
export type { OneOffFunctions, OneOffOptions } from './one-off.ts';
// The TLS options are Node's; they move to node/ when ClientOptions splits (issue 9).
export type { CertOption, Pem, TlsVerifyOptions, VerifyOption } from './options.ts';
export { del as delete };
