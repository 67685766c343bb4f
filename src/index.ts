/**
 * httprx for Node: the neutral public names (public.ts), plus the Node platform: undici's
 * connection pool as the default transport, the tough-cookie jar and netrc.
 */
// First: on a too old Node.js this throws a clear error before undici is evaluated.
import './node/node-version.ts';
import { Client } from './node/client.ts';
import { ONE_OFF_CLIENT_OPTION_NAMES, type OneOffClientOptions, type OneOffOptions } from './node/options.ts';
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
} = oneOffFunctions<OneOffClientOptions, OneOffOptions>(
  (clientOptions) => new Client(clientOptions),
  ONE_OFF_CLIENT_OPTION_NAMES,
);

export { ClientCookies, CookieJar } from './node/cookie-jar.ts';
export { cookies } from './node/cookies.ts';
export { defaultHeaders } from './node/default-headers.ts';
export { FlowControl, type FlowReader } from './node/flow-control.ts';
export { NetRCAuth } from './node/netrc-auth.ts';
export type { CookiesOption, NodeClientOptions, OneOffOptions } from './node/options.ts';
export { ConnectionPool, type ConnectionPoolOptions } from './node/pool.ts';
export { type ProxyInit, type ProxyMode, ProxySettings as Proxy } from './node/proxy.ts';
export type { ProxyOption } from './node/proxy-routes.ts';
export type { CertOption, Pem, TlsVerifyOptions, VerifyOption } from './node/tls-options.ts';
export type { OneOffFunctions } from './one-off.ts';
export { del as delete };
