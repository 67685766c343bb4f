/**
 * The golden list of the runtime names each entry exports. A name added to or dropped from the
 * public API has to be added to or dropped from these lists too, so it shows in review. Types
 * are checked by tsc where they are used; only values exist at run time.
 */
import { describe, expect, it } from 'vitest';
import * as browser from '../src/browser.ts';
import * as entry from '../src/index.ts';
import * as nodeTesting from '../src/node/testing.ts';
import * as neutral from '../src/public.ts';
import * as testing from '../src/testing/index.ts';

/** src/public.ts: the platform-neutral names, the same on every platform. */
const PUBLIC_NAMES = [
  'BaseClient',
  'BasicAuth',
  'ClientClosed',
  'CloseError',
  'ConnectError',
  'ConnectTimeout',
  'CookieConflict',
  'Cookies',
  'DecodingError',
  'DigestAuth',
  'Form',
  'FunctionAuth',
  'Headers',
  'Html',
  'HttpError',
  'HttpStatusError',
  'InvalidUrl',
  'Json',
  'Limits',
  'LocalProtocolError',
  'MockTransport',
  'MultiPart',
  'NetworkError',
  'PoolTimeout',
  'ProtocolError',
  'ProxyError',
  'QueryParams',
  'ReadError',
  'ReadTimeout',
  'RemoteProtocolError',
  'Request',
  'RequestError',
  'RequestNotRead',
  'Response',
  'ResponseBody',
  'ResponseNotRead',
  'ResponseTooLarge',
  'SharedTimerScheduler',
  'StreamClosed',
  'StreamConsumed',
  'StreamError',
  'Text',
  'Timeout',
  'TimeoutError',
  'TooManyRedirects',
  'TotalTimeout',
  'TransportError',
  'UnsupportedProtocol',
  'VERSION',
  'WriteError',
  'WriteTimeout',
  'auth',
  'chunks',
  'compose',
  'deadline',
  'hooks',
  'isContentSource',
  'isEvent',
  'isInternalEvent',
  'isRetryableError',
  'json',
  'ofType',
  'parseRetryAfter',
  'progress',
  'raiseForStatus',
  'redirectRequest',
  'redirects',
  'responses',
  'retry',
  'takeOver',
  'tapEvent',
  'timeouts',
];

/**
 * What src/index.ts adds for Node: the undici client and pool, the cookie jar, netrc, one-offs,
 * and the Node client's default headers (Accept-Encoding, Connection and User-Agent are Node's).
 */
const NODE_NAMES = [
  'Client',
  'ClientCookies',
  'ConnectionPool',
  'CookieJar',
  'FlowControl',
  'NetRCAuth',
  'Proxy',
  'cookies',
  'defaultHeaders',
  // `del` is the binding behind `delete` (a reserved word cannot be a local name).
  'del',
  'delete',
  'get',
  'head',
  'options',
  'patch',
  'post',
  'put',
  'request',
  'stream',
];

/**
 * What src/browser.ts adds: the XHR client and the browser transports, one-offs, and the browser
 * client's default headers; none of the Node names that have no browser meaning (the pool, the
 * cookie jar and its middleware, netrc).
 */
const BROWSER_NAMES = [
  'Client',
  'FetchTransport',
  'XhrTransport',
  'defaultHeaders',
  'del',
  'delete',
  'get',
  'head',
  'options',
  'patch',
  'post',
  'put',
  'request',
  'stream',
];

/** `httprx/testing` (src/testing/index.ts; on Node src/node/testing.ts, whose AppTransport also runs Node listeners). */
const TESTING_NAMES = [
  'AppTransport',
  'MarbleRoute',
  'MarbleTransport',
  'MockTransport',
  'TestRequest',
  'TestingController',
];

const sorted = (names: Iterable<string>) => [...names].sort();

describe('the exported names', () => {
  it('of src/public.ts are the neutral list', () => {
    expect(sorted(Object.keys(neutral))).toEqual(sorted(PUBLIC_NAMES));
  });

  it('of src/index.ts are the neutral list plus the Node names', () => {
    expect(sorted(Object.keys(entry))).toEqual(sorted([...PUBLIC_NAMES, ...NODE_NAMES]));
  });

  it('of src/browser.ts are the neutral list plus the browser names', () => {
    expect(sorted(Object.keys(browser))).toEqual(sorted([...PUBLIC_NAMES, ...BROWSER_NAMES]));
  });

  it('re-export the very same values from src/index.ts and src/browser.ts as src/public.ts', () => {
    for (const platform of [entry, browser]) {
      const differing = PUBLIC_NAMES.filter(
        (name) => (platform as Record<string, unknown>)[name] !== (neutral as Record<string, unknown>)[name],
      );
      expect(differing).toEqual([]);
    }
  });

  it('of httprx/testing are the testing list on both platforms, the same values but Node’s AppTransport', () => {
    expect(sorted(Object.keys(testing))).toEqual(sorted(TESTING_NAMES));
    expect(sorted(Object.keys(nodeTesting))).toEqual(sorted(TESTING_NAMES));
    const differing = TESTING_NAMES.filter(
      (name) => (nodeTesting as Record<string, unknown>)[name] !== (testing as Record<string, unknown>)[name],
    );
    expect(differing).toEqual(['AppTransport']);
    // MockTransport stays in the main entries too (DESIGN §3.3); it is the same class.
    expect(testing.MockTransport).toBe(entry.MockTransport);
  });
});
