/**
 * httprx for browsers: the neutral public names (public.ts), plus the browser platform: the
 * XMLHttpRequest transport (the `Client`'s default) and the fetch transport. Nothing here
 * reaches node:*, undici or tough-cookie (spec/browser-bundle.spec.ts bundles it to check).
 */
import { Client } from './browser/client.ts';
import { oneOffFunctions } from './one-off.ts';
import type { ClientOptions } from './options.ts';

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
} = oneOffFunctions<ClientOptions>((clientOptions) => new Client(clientOptions), []);

export type { BrowserRequestExtensions } from './browser/browser-extensions.ts';
export { defaultHeaders } from './browser/client.ts';
export { FetchTransport, type FetchTransportOptions } from './browser/fetch-transport.ts';
export { XhrTransport, type XhrTransportOptions } from './browser/xhr-transport.ts';
export type { OneOffFunctions } from './one-off.ts';
export { del as delete };
