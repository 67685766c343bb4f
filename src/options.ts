import type { SchedulerLike } from 'rxjs';
import type { Limits, LimitsInit } from './config/limits.ts';
import type { RetryOption } from './config/retry.ts';
import type { TimeoutOption } from './config/timeout.ts';
import type { AuthOption } from './middleware/auth/types.ts';
import type { EventHooks } from './middleware/hooks.ts';
import type { DefaultEncoding } from './models/charset.ts';
import type { HeadersInit } from './models/headers.ts';
import type { QueryParamsInit } from './models/params.ts';
import { REQUEST_INIT_NAMES, type RequestInit } from './models/request.ts';
import type { Middleware, Transport } from './transports/transport.ts';

export { Limits, type LimitsInit } from './config/limits.ts';
export type { DefaultEncoding };

/**
 * The options of one request: the fields of {@link RequestInit} (`params`, `headers`,
 * `cookies`, `extensions` and the body fields of `BodyInit`) and these. Headers, params and
 * cookies merge with the client's (the request wins per name); the rest replace the client's
 * setting for this request. Unknown names: `TypeError`.
 */
export interface RequestOptions extends RequestInit {
  /**
   * Credentials replacing the client's `auth`: `[user, pass]` (Basic), an `Auth` such as
   * `new DigestAuth(…)`, or a function of the request; `null` sends none (not even URL or netrc).
   * @default the client's `auth`
   * @example
   * client.get('/private', { auth: ['ada', 'lovelace'] })
   * client.get('/public', { auth: null })
   */
  auth?: AuthOption;
  /**
   * Whether this request follows 301, 302, 303, 307 and 308 responses, replacing the client's
   * `followRedirects` (the client's `maxRedirects` still applies).
   * @default the client's `followRedirects` (itself `false` unless set)
   * @example
   * client.get('/short/abc', { followRedirects: true })
   */
  followRedirects?: boolean;
  /**
   * Phase timeouts in ms for this request, replacing the client's `timeout` as a whole: a
   * number for every phase, `{ connect, read, write, pool, total }` (a phase left out is 5000,
   * not the client's), a `Timeout`, or `null` for none.
   * @default the client's `timeout` (itself 5000 ms per phase unless set)
   * @example
   * client.get('/report', { timeout: { read: 30_000 } }) // connect, write, pool: 5000
   * client.get('/events', { timeout: null })
   */
  timeout?: TimeoutOption;
  /**
   * The most bytes of decoded response body this request takes, replacing the client's
   * `maxResponseSize`; `null` for no limit. Past it, or when a body without Content-Encoding
   * declares a longer Content-Length, the request fails with `ResponseTooLarge` and its
   * connection is closed.
   * @default the client's `maxResponseSize` (itself `null`, no limit, unless set)
   * @example
   * client.get('/avatar.png', { maxResponseSize: 1024 * 1024 })
   */
  maxResponseSize?: number | null;
}

/** Options of `client.send()`: `auth`, `followRedirects` and `timeout` replace the request's. */
export interface SendOptions extends Pick<RequestOptions, 'auth' | 'followRedirects' | 'timeout'> {
  /**
   * Leave the body to `chunk` events instead of buffering it: `response.content` then throws
   * `ResponseNotRead`.
   * @default false
   */
  stream?: boolean;
}

/**
 * The options every client takes, on every platform; times are in milliseconds. The Node
 * `Client` takes `NodeClientOptions`: these and its TLS, environment and cookie options.
 */
export interface ClientOptions {
  /**
   * A prefix for relative URLs: `'https://api.example.com/v1'` + `'/users'` → `…/v1/users`.
   * @default none: every URL must be absolute
   */
  baseUrl?: string | URL;
  /** Sent with every request, after the default headers. @default {} */
  headers?: HeadersInit;
  /** Appended to every request's query. @default {} */
  params?: QueryParamsInit;
  /**
   * Pool limits of the default transport. Its `maxConnections` also bounds the requests the
   * client lets into its pipeline at once: the others wait in a queue above it, holding only
   * their request (the wait is the pool phase: `timeout.pool`, and counted in `timeout.total`).
   * @default new Limits()
   */
  limits?: Limits | LimitsInit;
  /**
   * Sends the requests; replaces the platform's default transport (and its `limits`, and on
   * Node `verify`, `cert` and `trustEnv`'s CA bundle).
   * @default a new ConnectionPool (Node) or XHR transport (browsers)
   */
  transport?: Transport;
  /**
   * The encoding of `response.text` when the Content-Type names none: a name, or a function
   * of the body bytes.
   * @default 'utf-8'
   */
  defaultEncoding?: DefaultEncoding;
  /** User middleware, outermost first. @default [] */
  middleware?: readonly Middleware[];
  /**
   * The scheduler every timer goes through (timeouts, retry delays, `elapsed`): pass a
   * `TestScheduler` to run a whole pipeline in virtual time.
   * @default a scheduler of the client's own whose timers share one Node timer (like
   *   `asyncScheduler`, cheaper for many short-lived clocks)
   */
  scheduler?: SchedulerLike;
  /**
   * Credentials for every request: `[user, pass]` (Basic), `new BasicAuth(…)`,
   * `new DigestAuth(…)`, `new NetRCAuth()`, a function of the request, or any `Auth`.
   * @default none (user:pass in the URL is sent as Basic; on Node, with `trustEnv`, ~/.netrc by host)
   */
  auth?: AuthOption;
  /**
   * Phase timeouts in ms: a number for connect, read, write and pool alike, `{ connect, read,
   * write, pool, total }`, a `Timeout`, or `null` for none.
   * @default new Timeout(5000): 5 s per phase, no total
   */
  timeout?: TimeoutOption;
  /**
   * Follow 301, 302, 303, 307 and 308 responses.
   * @default false
   */
  followRedirects?: boolean;
  /**
   * The most redirects followed before `TooManyRedirects`.
   * @default 20
   */
  maxRedirects?: number;
  /**
   * Retry failed attempts: `3`, or `{ limit, methods, statusCodes, backoff, maxDelay, respectRetryAfter }`.
   * @default null (no retries)
   */
  retry?: RetryOption;
  /**
   * Functions called with every hop's request before it is sent, and with every hop's response
   * when its headers arrive. A hook may return a value, a Promise or an Observable (waited for);
   * one that throws fails the request.
   * @default { request: [], response: [] }
   */
  eventHooks?: EventHooks;
  /**
   * Header names that, like `Authorization`, `Cookie` and `Proxy-Authorization`, are
   * credentials: a redirect to another origin (scheme, host or port) drops them, in any casing,
   * and a chain that comes back to the first origin does not put them back.
   * @default []
   * @example
   * new Client({ sensitiveHeaders: ['X-Api-Key'], followRedirects: true })
   */
  sensitiveHeaders?: readonly string[];
  /**
   * `false` pins the client to its `baseUrl`: a URL must be a path under it, and an absolute
   * or scheme-relative URL, a `URL` object, a backslash or `@` trick, or `..` that leaves the
   * base path fails with `InvalidUrl` before any connection. Needs `baseUrl`. A request built
   * elsewhere and given to `send()` must point under `baseUrl` too.
   * @default true
   * @example
   * const api = new Client({ baseUrl: 'https://api.example.com/v1/', allowAbsoluteUrls: false });
   * api.get(`users/${encodeURIComponent(id)}`) // never another host
   */
  allowAbsoluteUrls?: boolean;
  /**
   * The most bytes of decoded response body (after Content-Encoding is undone) any request
   * takes, in every delivery (`get()`, `events()`, `stream()`). Past it the request fails with
   * `ResponseTooLarge` and its connection is closed, nothing more read; a body without
   * Content-Encoding whose Content-Length is above it fails at its head. Bodies of redirects and
   * retried responses are discarded undecoded and not counted. `null`: no limit.
   * @default null
   * @example
   * new Client({ maxResponseSize: 10 * 1024 * 1024 })
   */
  maxResponseSize?: number | null;
}

/**
 * The option names each kind accepts, to reject unknown ones instead of ignoring them. A
 * platform's client adds its own client option names (`PlatformParts.options`).
 */
export const CLIENT_OPTION_NAMES: ReadonlySet<string> = new Set([
  'baseUrl',
  'headers',
  'params',
  'limits',
  'transport',
  'defaultEncoding',
  'middleware',
  'scheduler',
  'auth',
  'timeout',
  'followRedirects',
  'maxRedirects',
  'retry',
  'eventHooks',
  'sensitiveHeaders',
  'allowAbsoluteUrls',
  'maxResponseSize',
]);
/** `RequestOptions` also carries settings the client moves into `extensions`. */
export const REQUEST_OPTION_NAMES: ReadonlySet<string> = new Set([
  ...REQUEST_INIT_NAMES,
  'auth',
  'followRedirects',
  'timeout',
  'maxResponseSize',
]);
