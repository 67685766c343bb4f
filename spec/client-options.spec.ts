import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  Client,
  type ClientOptions,
  InvalidUrl,
  MockTransport,
  Request,
  type RequestOptions,
  Response,
} from '../src/index.ts';

const transport = () => new MockTransport(() => new Response(200, { text: 'ok' }));
const make = (options: unknown) => () => new Client(options as ClientOptions);
/** The error a request with these options fails with (they are checked on subscribe). */
const failure = (options: unknown) =>
  firstValueFrom(
    new Client({ transport: transport() }).get('http://example.com/', options as RequestOptions),
  ).then(
    () => undefined,
    (error: unknown) => error,
  );

describe('new Client(options)', () => {
  describe('baseUrl', () => {
    it.each([
      ['localhost:8000', "'localhost:8000'"],
      ['/api', "'/api'"],
      ['ftp://files.example.com/', "'ftp://files.example.com/'"],
      ['http://', "'http://'"],
      [8000, '8000'],
    ])('rejects %s at once with InvalidUrl naming the option, the value and an example', (baseUrl, shown) => {
      expect(make({ baseUrl })).toThrow(InvalidUrl);
      expect(make({ baseUrl })).toThrow(
        `baseUrl must be an absolute http:// or https:// URL such as 'http://localhost:8000', not ${shown}`,
      );
    });

    it('takes an absolute http(s) URL, string or URL', () => {
      expect(
        new Client({ baseUrl: 'https://api.example.com/v1', transport: transport() }).baseUrl?.href,
      ).toBe('https://api.example.com/v1/');
      expect(
        new Client({ baseUrl: new URL('http://localhost:8000'), transport: transport() }).baseUrl?.href,
      ).toBe('http://localhost:8000/');
    });
  });

  it('rejects options that are no object, with an example', () => {
    expect(make('http://localhost:8000')).toThrow(
      new TypeError(
        "new Client(options) takes an options object such as { baseUrl: 'http://localhost:8000' }, not 'http://localhost:8000'",
      ),
    );
  });

  it.each([
    ['baseURL', 'http://x', `Unknown client option "baseURL" (got 'http://x'): did you mean "baseUrl"?`],
    ['prefixUrl', 'http://x', `Unknown client option "prefixUrl" (got 'http://x'): did you mean "baseUrl"?`],
    ['maxRedirections', 3, 'Unknown client option "maxRedirections" (got 3): did you mean "maxRedirects"?'],
    [
      'followRedirect',
      true,
      'Unknown client option "followRedirect" (got true): did you mean "followRedirects"?',
    ],
    ['hooks', {}, 'Unknown client option "hooks" (got an object): did you mean "eventHooks"?'],
    ['hedaers', {}, 'Unknown client option "hedaers" (got an object): did you mean "headers"?'],
    [
      'json',
      {},
      'Unknown client option "json" (got an object): "json" is a request option: give it to client.get(url, { … }) or another verb',
    ],
  ])('rejects the unknown option %s, suggesting the one meant', (name, value, message) => {
    expect(make({ [name]: value })).toThrow(new TypeError(message));
  });

  it.each<[string, unknown, RegExp]>([
    ['headers', 5, /^headers must be a Headers, \{ name: value \} or \[name, value\] pairs, not 5$/],
    ['params', true, /^params must be .*, not true$/],
    ['cookies', 'a=1', /^cookies must be a CookieJar, .*, not 'a=1'$/],
    ['limits', { maxConnections: 0 }, /^limits\.maxConnections must be a whole number >= 1, .*, not 0$/],
    ['verify', 1, /^verify must be true, false, 'system', the path of a CA bundle or .*, not 1$/],
    ['cert', 5, /^cert must be the path of a PEM file, .*, not 5$/],
    ['trustEnv', 'yes', /^trustEnv must be true or false, not 'yes'$/],
    ['followRedirects', 1, /^followRedirects must be true or false, not 1$/],
    ['maxRedirects', -1, /^maxRedirects must be a whole number >= 0 or Infinity, not -1$/],
    ['transport', {}, /^transport must be a Transport .*, not an object$/],
    [
      'defaultEncoding',
      5,
      /^defaultEncoding must be an encoding name such as 'utf-8' or a function .*, not 5$/,
    ],
    ['defaultEncoding', 'klingon', /^defaultEncoding must be an encoding name the WHATWG .*, not 'klingon'$/],
    ['middleware', () => undefined, /^middleware must be an array of .*, not a function$/],
    ['middleware', [5], /^middleware\[0\] must be a \(request, next\) => Observable function, not 5$/],
    ['scheduler', {}, /^scheduler must be an RxJS SchedulerLike .*, not an object$/],
    ['auth', ['user'], /^auth must be \[user, password\] \(two strings\), .*, not an array of 1$/],
    ['timeout', -1, /^timeout must be a number of ms from 0 to 2147483647, .*, not -1$/],
    ['timeout', { connect: -1 }, /^timeout\.connect must be a number of ms .*, not -1$/],
    ['retry', { limit: 1.5 }, /^retry\.limit must be a whole number of retries >= 0 or Infinity, not 1\.5$/],
    ['retry', Number.NaN, /^retry must be a whole number of retries >= 0 or Infinity, not NaN$/],
    ['eventHooks', { request: 5 }, /^eventHooks\.request must be an array of functions, not 5$/],
    ['eventHooks', { requests: [] }, /^Unknown eventHooks option "requests" .*did you mean "request"\?$/],
  ])('rejects %s: %s, naming the option and the value', (name, value, message) => {
    expect(make({ [name]: value, ...(name === 'transport' ? {} : { transport: transport() }) })).toThrow(
      message,
    );
  });

  it('keeps RangeError for an encoding name that is no encoding and for maxRedirects', () => {
    expect(make({ defaultEncoding: 'klingon', transport: transport() })).toThrow(RangeError);
    expect(make({ maxRedirects: 1.5, transport: transport() })).toThrow(RangeError);
  });

  it('reads its own options only: inherited defaultEncoding, transport and scheduler are not used', async () => {
    const inherited = {
      defaultEncoding: 'klingon',
      transport: 'polluted',
      scheduler: 'polluted',
      timeout: -1,
    };
    const options = Object.assign(Object.create(inherited) as ClientOptions, { transport: transport() });
    const client = new Client(options);
    expect(client.defaultEncoding).toBe('utf-8');
    expect((await firstValueFrom(client.get('http://example.com/'))).text).toBe('ok');
  });
});

describe('request options', () => {
  it.each([
    ['body', 'x', `Unknown request option "body" (got 'x'): did you mean "content"?`],
    ['searchParams', {}, 'Unknown request option "searchParams" (got an object): did you mean "params"?'],
    ['query', {}, 'Unknown request option "query" (got an object): did you mean "params"?'],
    ['form', {}, 'Unknown request option "form" (got an object): did you mean "data"?'],
    [
      'retry',
      2,
      'Unknown request option "retry" (got 2): "retry" is a client option: give it to new Client({ … })',
    ],
  ])('fail the request for the unknown option %s, suggesting the one meant', async (name, value, message) => {
    expect(await failure({ [name]: value })).toEqual(new TypeError(message));
  });

  it.each<[string, unknown, RegExp]>([
    ['timeout', -1, /^timeout must be a number of ms .*, not -1$/],
    ['timeout', { read: '5' }, /^timeout\.read must be a number of ms .*, not '5'$/],
    ['followRedirects', 'no', /^followRedirects must be true or false, not 'no'$/],
    ['auth', 'user:pass', /^auth must be \[user, password\] .*, not 'user:pass'$/],
    ['extensions', 5, /^extensions must be an object such as \{ target: '\*' \}, not 5$/],
    [
      'headers',
      'Accept: */*',
      /^headers must be a Headers, \{ name: value \} or \[name, value\] pairs, not 'Accept: \*\/\*'$/,
    ],
    ['params', 5, /^params must be .*, not 5$/],
    ['cookies', 'a=1', /^cookies must be \{ name: value \} or \[name, value\] pairs, not 'a=1'$/],
  ])('fail the request for %s: %s, naming the option and the value', async (name, value, message) => {
    expect(String(await failure({ [name]: value }))).toMatch(
      new RegExp(message.source.replace('^', '^TypeError: ')),
    );
  });

  it('are read from own properties only', () => {
    const client = new Client({ transport: transport() });
    const options = Object.create({ json: 1, timeout: -1, auth: 5, polluted: 1 }) as RequestOptions;
    const request = client.buildRequest('GET', 'http://example.com/', options);
    expect(request.body).toBeNull();
    expect(request.extensions).toEqual({});
  });

  it('of send() are checked too', async () => {
    const client = new Client({ transport: transport() });
    const request = new Request('GET', 'http://example.com/');
    const error = await firstValueFrom(client.send(request, { stream: 'yes' } as never)).catch(
      (e: unknown) => e,
    );
    expect(error).toEqual(new TypeError(`stream must be true or false, not 'yes'`));
    const unknown = await firstValueFrom(client.send(request, { timeuot: 5 } as never)).catch(
      (e: unknown) => e,
    );
    expect(unknown).toEqual(new TypeError('Unknown send option "timeuot" (got 5): did you mean "timeout"?'));
  });
});
