import { describe } from './config/describe.ts';
import { checkOptionNames } from './config/option-names.ts';
import { ownValue } from './config/own.ts';
import { resolveRetryPolicy } from './config/retry-policy.ts';
import { Timeout } from './config/timeout.ts';
import { InvalidUrl } from './errors.ts';
import { toAuth } from './middleware/auth/resolve.ts';
import { checkEventHooks } from './middleware/hooks.ts';
import { sensitiveNames } from './middleware/redirects.ts';
import { isKnownEncoding } from './models/charset.ts';
import { normalizeBaseUrl } from './models/url.ts';
import {
  CLIENT_OPTION_NAMES,
  type ClientOptions,
  Limits,
  REQUEST_OPTION_NAMES,
  type RequestOptions,
  type SendOptions,
} from './options.ts';

const AS_REQUEST_OPTION = {
  names: REQUEST_OPTION_NAMES,
  where: 'a request option: give it to client.get(url, { … }) or another verb',
};
const AS_CLIENT_OPTION = {
  names: CLIENT_OPTION_NAMES,
  where: 'a client option: give it to new Client({ … })',
};

const HEADERS = 'a Headers, { name: value } or [name, value] pairs';
const PARAMS = "a QueryParams, { name: value }, [name, value] pairs or 'a=1&b=2'";

/** The client options a platform adds to the neutral ones (Node: `verify`, `cert`, `trustEnv`, `cookies`). */
export interface PlatformOptions {
  /** Their names, accepted besides `CLIENT_OPTION_NAMES`. */
  readonly names: ReadonlySet<string>;
  /**
   * Throws for a bad value among them, naming the option, the value and what would be right.
   * Given the checked copy (own properties only), after the neutral `limits` check.
   */
  check(options: ClientOptions): void;
}

const NO_PLATFORM_OPTIONS: PlatformOptions = { names: new Set(), check: () => undefined };

/** The names a client with these platform options accepts: the neutral ones, then the platform's. */
const allNames = new WeakMap<PlatformOptions, ReadonlySet<string>>();
function namesOf(platform: PlatformOptions): ReadonlySet<string> {
  let names = allNames.get(platform);
  if (names === undefined) {
    names = new Set([...CLIENT_OPTION_NAMES, ...platform.names]);
    allNames.set(platform, names);
  }
  return names;
}

/**
 * Checks a client's options and returns their own properties, copied onto an object with no
 * prototype, so that nothing later reads a value inherited from a polluted `Object.prototype`.
 * Every error names the option, the value it got and what would be right; options that other
 * parts check as they are built (`auth`, `timeout`, `retry`, `limits`, `maxRedirects`,
 * `eventHooks`) are checked here too, so that all of them fail at `new Client(…)`. The names
 * and values of the platform's own options are the `platform`'s to know.
 */
export function checkClientOptions(
  options: ClientOptions,
  platform: PlatformOptions = NO_PLATFORM_OPTIONS,
): ClientOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(
      `new Client(options) takes an options object such as { baseUrl: 'http://localhost:8000' }, not ${describe(options)}`,
    );
  checkOptionNames('client', options, namesOf(platform), AS_REQUEST_OPTION);
  const checked = Object.assign(Object.create(null) as ClientOptions, options);
  checkRecord('headers', checked.headers, HEADERS);
  checkRecord('params', checked.params, PARAMS);
  if (checked.limits !== undefined && !(checked.limits instanceof Limits)) new Limits(checked.limits);
  platform.check(checked);
  checkBoolean('followRedirects', checked.followRedirects);
  sensitiveNames(checked.sensitiveHeaders);
  checkBoolean('allowAbsoluteUrls', checked.allowAbsoluteUrls);
  if (checked.allowAbsoluteUrls === false && checked.baseUrl === undefined)
    throw new TypeError('allowAbsoluteUrls: false pins requests to baseUrl: give a baseUrl too');
  checkTransport(checked.transport);
  checkDefaultEncoding(checked.defaultEncoding);
  checkMiddleware(checked.middleware);
  checkScheduler(checked.scheduler);
  if (checked.auth !== undefined) toAuth(checked.auth);
  if (checked.timeout !== undefined) Timeout.from(checked.timeout);
  if (checked.retry !== undefined) resolveRetryPolicy(checked.retry);
  if (checked.eventHooks !== undefined) checkEventHooks(checked.eventHooks);
  checkSize(checked.maxResponseSize);
  return checked;
}

/**
 * A client's `baseUrl` as the base relative URLs join to: an absolute http(s) URL, or
 * `InvalidUrl` naming the option, the value and an example (`'localhost:8000'` parses as a URL
 * of scheme `localhost:`, which is never what was meant).
 */
export function checkBaseUrl(baseUrl: unknown): URL {
  const wrong = () =>
    new InvalidUrl(
      `baseUrl must be an absolute http:// or https:// URL such as 'http://localhost:8000', not ${describe(baseUrl)}`,
    );
  if (typeof baseUrl !== 'string' && !(baseUrl instanceof URL)) throw wrong();
  let url: URL;
  try {
    url = normalizeBaseUrl(baseUrl);
  } catch (cause) {
    const error = wrong();
    error.cause = cause;
    throw error;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw wrong();
  return url;
}

/**
 * Checks the options of one request: known names (suggesting the one meant), and the settings
 * the client moves into `extensions` (`auth`, `followRedirects`, `timeout`), so that a bad one
 * fails when the request is built, naming the option. Reads own properties only.
 */
export function checkRequestOptions(options: RequestOptions): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(
      `Request options must be an object such as { headers: { … } }, not ${describe(options)}`,
    );
  checkOptionNames('request', options, REQUEST_OPTION_NAMES, AS_CLIENT_OPTION);
  checkRecord('headers', ownValue(options, 'headers', options.headers), HEADERS);
  checkRecord('params', ownValue(options, 'params', options.params), PARAMS);
  checkRecord(
    'cookies',
    ownValue(options, 'cookies', options.cookies),
    '{ name: value } or [name, value] pairs',
  );
  checkSettings(options);
}

const SEND_OPTION_NAMES: ReadonlySet<string> = new Set(['auth', 'followRedirects', 'timeout', 'stream']);

/** Checks the options of `client.send(request, options)` as {@link checkRequestOptions} does. */
export function checkSendOptions(options: SendOptions): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(
      `send(request, options) takes { auth, followRedirects, timeout, stream }, not ${describe(options)}`,
    );
  checkOptionNames('send', options, SEND_OPTION_NAMES);
  checkSettings(options);
  checkBoolean('stream', ownValue(options, 'stream', options.stream));
}

function checkSettings(options: SendOptions & Pick<RequestOptions, 'maxResponseSize'>): void {
  const auth = ownValue(options, 'auth', options.auth);
  if (auth !== undefined) toAuth(auth);
  checkBoolean('followRedirects', ownValue(options, 'followRedirects', options.followRedirects));
  const timeout = ownValue(options, 'timeout', options.timeout);
  if (timeout !== undefined) Timeout.from(timeout);
  checkSize(ownValue(options, 'maxResponseSize', options.maxResponseSize));
}

/** Throws unless `size` is absent, `null` or a whole number of bytes. */
function checkSize(size: unknown): void {
  if (size != null && !(Number.isSafeInteger(size) && (size as number) >= 0))
    throw new RangeError(
      `maxResponseSize must be a whole number of bytes >= 0, or null for no limit, not ${describe(size)}`,
    );
}

/** Throws unless `value` is absent or an object (for `params`, also a query string). */
export function checkRecord(name: string, value: unknown, right: string): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'object' || (name === 'params' && typeof value === 'string')) return;
  throw new TypeError(`${name} must be ${right}, not ${describe(value)}`);
}

/** Throws unless `value` is absent, `true` or `false`. */
export function checkBoolean(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean')
    throw new TypeError(`${name} must be true or false, not ${describe(value)}`);
}

function checkTransport(transport: unknown): void {
  if (transport === undefined) return;
  const candidate = transport as { handle?: unknown; close?: unknown } | null;
  if (typeof candidate === 'object' && candidate !== null && typeof candidate.handle === 'function') return;
  throw new TypeError(
    `transport must be a Transport (an object with handle(request) and close()), such as a ConnectionPool or MockTransport, not ${describe(transport)}`,
  );
}

function checkDefaultEncoding(encoding: unknown): void {
  if (encoding === undefined || typeof encoding === 'function') return;
  if (typeof encoding !== 'string')
    throw new TypeError(
      `defaultEncoding must be an encoding name such as 'utf-8' or a function of the body bytes, not ${describe(encoding)}`,
    );
  if (!isKnownEncoding(encoding))
    throw new RangeError(
      `defaultEncoding must be an encoding name the WHATWG Encoding standard knows, such as 'utf-8' or 'iso-8859-1', not ${describe(encoding)}`,
    );
}

function checkMiddleware(middleware: unknown): void {
  if (middleware === undefined) return;
  if (!Array.isArray(middleware))
    throw new TypeError(
      `middleware must be an array of (request, next) => Observable functions, not ${describe(middleware)}`,
    );
  middleware.forEach((layer: unknown, i) => {
    if (typeof layer !== 'function')
      throw new TypeError(
        `middleware[${i}] must be a (request, next) => Observable function, not ${describe(layer)}`,
      );
  });
}

function checkScheduler(scheduler: unknown): void {
  if (scheduler === undefined) return;
  const candidate = scheduler as { now?: unknown; schedule?: unknown } | null;
  if (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.now === 'function' &&
    typeof candidate.schedule === 'function'
  )
    return;
  throw new TypeError(
    `scheduler must be an RxJS SchedulerLike (with now() and schedule()), such as asyncScheduler or a TestScheduler, not ${describe(scheduler)}`,
  );
}
