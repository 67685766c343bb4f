import { describe, expect, it } from 'vitest';
import { checkOptionNames, suggestion } from '../../src/config/option-names.ts';
import { NODE_CLIENT_OPTION_NAMES } from '../../src/node/options.ts';
import { CLIENT_OPTION_NAMES, REQUEST_OPTION_NAMES } from '../../src/options.ts';

const asRequestOption = { names: REQUEST_OPTION_NAMES, where: 'a request option' };
/** The Node client's names: the neutral ones and its own (`cookies` among them). */
const NODE_NAMES: ReadonlySet<string> = new Set([...CLIENT_OPTION_NAMES, ...NODE_CLIENT_OPTION_NAMES]);

describe('checkOptionNames', () => {
  it('accepts options whose own names are all allowed', () => {
    expect(
      checkOptionNames('client', { baseUrl: 'http://x/', headers: {} }, CLIENT_OPTION_NAMES),
    ).toBeUndefined();
  });

  it('names the option, the value it got and the option meant', () => {
    expect(() => checkOptionNames('client', { baseURL: 'http://x' }, CLIENT_OPTION_NAMES)).toThrow(
      new TypeError(`Unknown client option "baseURL" (got 'http://x'): did you mean "baseUrl"?`),
    );
  });

  it('lists the accepted names when nothing comes close', () => {
    expect(() => checkOptionNames('limits', { zzz: 1 }, new Set(['a', 'b']))).toThrow(
      new TypeError('Unknown limits option "zzz" (got 1): the limits options are a, b'),
    );
  });

  it('says where an option of a related bag belongs', () => {
    expect(() =>
      checkOptionNames('client', { json: { a: 1 } }, CLIENT_OPTION_NAMES, asRequestOption),
    ).toThrow(new TypeError('Unknown client option "json" (got an object): "json" is a request option'));
    expect(() => checkOptionNames('client', { body: 'x' }, CLIENT_OPTION_NAMES, asRequestOption)).toThrow(
      new TypeError(`Unknown client option "body" (got 'x'): did you mean "content"? It is a request option`),
    );
  });

  it('hints at what to do for a name that has no option', () => {
    expect(() =>
      checkOptionNames('request', { signal: new AbortController().signal }, REQUEST_OPTION_NAMES),
    ).toThrow(
      /^Unknown request option "signal" \(got an AbortSignal\): an httprx request is cancelled by unsubscribing/,
    );
  });

  it('does not look at inherited names', () => {
    const options = Object.create({ polluted: 1 }) as object;
    expect(checkOptionNames('client', options, CLIENT_OPTION_NAMES)).toBeUndefined();
  });
});

describe('suggestion', () => {
  it.each([
    // Other libraries' names.
    ['body', REQUEST_OPTION_NAMES, 'content'],
    ['baseURL', CLIENT_OPTION_NAMES, 'baseUrl'],
    ['prefixUrl', CLIENT_OPTION_NAMES, 'baseUrl'],
    ['searchParams', REQUEST_OPTION_NAMES, 'params'],
    ['query', REQUEST_OPTION_NAMES, 'params'],
    ['form', REQUEST_OPTION_NAMES, 'data'],
    ['timeoutMs', CLIENT_OPTION_NAMES, 'timeout'],
    ['maxRedirections', CLIENT_OPTION_NAMES, 'maxRedirects'],
    ['redirect', CLIENT_OPTION_NAMES, 'followRedirects'],
    ['followRedirect', REQUEST_OPTION_NAMES, 'followRedirects'],
    ['hooks', CLIENT_OPTION_NAMES, 'eventHooks'],
    ['retries', CLIENT_OPTION_NAMES, 'retry'],
    ['dispatcher', CLIENT_OPTION_NAMES, 'transport'],
    ['jar', NODE_NAMES, 'cookies'],
    // Typos and case.
    ['hedaers', REQUEST_OPTION_NAMES, 'headers'],
    ['header', REQUEST_OPTION_NAMES, 'headers'],
    ['Headers', REQUEST_OPTION_NAMES, 'headers'],
    ['base_url', CLIENT_OPTION_NAMES, 'baseUrl'],
    ['folowRedirects', CLIENT_OPTION_NAMES, 'followRedirects'],
    ['paramz', REQUEST_OPTION_NAMES, 'params'],
  ] as const)('%s → %s', (name, allowed, meant) => {
    expect(suggestion(name, allowed)).toBe(meant);
  });

  it('suggests nothing far from every name', () => {
    expect(suggestion('zzz', REQUEST_OPTION_NAMES)).toBeUndefined();
    expect(suggestion('proxy', CLIENT_OPTION_NAMES)).toBeUndefined();
  });

  it('suggests an alias only when its target is allowed here', () => {
    expect(suggestion('body', CLIENT_OPTION_NAMES)).toBeUndefined();
  });
});
