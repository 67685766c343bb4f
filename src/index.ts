/**
 * httprx for Node: the public names, with undici's connection pool as the default transport.
 */
// First: on a too old Node.js this throws a clear error before undici is evaluated.
import './transports/node/node-version.ts';
import { BaseClient } from './client.ts';
import { own } from './config/own.ts';
import { cookies } from './middleware/cookies.ts';
import { ClientCookies } from './models/cookie-jar.ts';
import { oneOffFunctions } from './one-off.ts';
import type { ClientOptions } from './options.ts';
import { netrcLookup } from './transports/node/netrc-auth.ts';
import { ConnectionPool } from './transports/node/pool.ts';
import type { Transport } from './transports/transport.ts';

/** An HTTP client over one shared undici connection pool. See {@link BaseClient}. */
export class Client extends BaseClient {
  /** The cookie jar: Set-Cookie from every response is stored here and sent where it applies. */
  readonly cookies: ClientCookies;

  constructor(options: ClientOptions = {}) {
    const jar = new ClientCookies(
      typeof options === 'object' && options !== null ? own(options, 'cookies') : undefined,
    );
    super(options, { cookies: cookies(jar), netrc: netrcLookup() });
    this.cookies = jar;
  }

  protected createDefaultTransport(options: ClientOptions): Transport {
    const { verify, cert, limits, trustEnv } = options;
    return new ConnectionPool({ verify, cert, limits, trustEnv });
  }
}

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

export { CookieJar } from 'tough-cookie';
export { BaseClient, defaultHeaders, type SendOptions } from './client.ts';
export type { RetryOption, RetryOptions } from './config/retry.ts';
export { Timeout, type TimeoutInit, type TimeoutOption, type TimeoutPhase } from './config/timeout.ts';
export * from './content/public.ts';
export {
  ClientClosed,
  CloseError,
  ConnectError,
  ConnectTimeout,
  CookieConflict,
  DecodingError,
  HttpError,
  HttpStatusError,
  InvalidUrl,
  LocalProtocolError,
  NetworkError,
  PoolTimeout,
  ProtocolError,
  ProxyError,
  ReadError,
  ReadTimeout,
  RemoteProtocolError,
  RequestError,
  RequestNotRead,
  ResponseNotRead,
  StreamClosed,
  StreamConsumed,
  StreamError,
  TimeoutError,
  TooManyRedirects,
  TotalTimeout,
  TransportError,
  UnsupportedProtocol,
  WriteError,
  WriteTimeout,
} from './errors.ts';
export * from './events.ts';
export { type AuthMiddlewareOptions, auth, type CredentialsLookup } from './middleware/auth/auth.ts';
export { BasicAuth } from './middleware/auth/basic.ts';
export { DigestAuth } from './middleware/auth/digest.ts';
export { FunctionAuth } from './middleware/auth/function-auth.ts';
export type { Auth, AuthFunction, AuthOption } from './middleware/auth/types.ts';
export { compose } from './middleware/compose.ts';
export { cookies } from './middleware/cookies.ts';
export {
  type EventHooks,
  type HookResult,
  hooks,
  type RequestHook,
  type ResponseHook,
} from './middleware/hooks.ts';
export { type RedirectOptions, redirects } from './middleware/redirects.ts';
export { retry, type SchedulerOptions } from './middleware/retry.ts';
export { parseRetryAfter } from './middleware/retry-after.ts';
export { isRetryableError } from './middleware/retryable-error.ts';
export { type Continuation, takeOver } from './middleware/take-over.ts';
export { deadline, timeouts } from './middleware/timeouts.ts';
export type { DefaultEncoding } from './models/charset.ts';
export { ClientCookies } from './models/cookie-jar.ts';
export { type CookieAttributes, type CookieDetails, type CookieScope, Cookies } from './models/cookies.ts';
export { Headers, type HeadersInit } from './models/headers.ts';
export type { Link } from './models/links.ts';
export { QueryParams, type QueryParamsInit, type QueryValue } from './models/params.ts';
export { redirectRequest } from './models/redirect-request.ts';
export {
  type CookiesInit,
  type HeaderChanges,
  Request,
  type RequestChanges,
  type RequestExtensions,
  type RequestInit,
} from './models/request.ts';
export { type HttpVersion, Response, type ResponseInit } from './models/response.ts';
export type { OneOffFunctions, OneOffOptions } from './one-off.ts';
export {
  type CertOption,
  type ClientOptions,
  type CookiesOption,
  Limits,
  type LimitsInit,
  type Pem,
  type RequestOptions,
  type TlsVerifyOptions,
  type VerifyOption,
} from './options.ts';
export { SharedTimerScheduler } from './scheduling/shared-timer-scheduler.ts';
export { type MockHandler, MockTransport } from './transports/mock.ts';
export { NetRCAuth } from './transports/node/netrc-auth.ts';
export { ConnectionPool, type ConnectionPoolOptions } from './transports/node/pool.ts';
export {
  type ConnectedEvent,
  type ConnectingEvent,
  type Handler,
  type InternalEvent,
  isInternalEvent,
  type Middleware,
  type PoolCounts,
  type QueuedEvent,
  type Transport,
  type TransportEvent,
  type WrittenEvent,
} from './transports/transport.ts';
export { VERSION } from './version.ts';
export { del as delete };
