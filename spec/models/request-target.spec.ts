import { describe, expect, it } from 'vitest';
import { LocalProtocolError } from '../../src/errors.ts';
import { checkTarget } from '../../src/models/request-target.ts';

describe('checkTarget', () => {
  it.each([
    ['GET', '/a/b?c=d&e=%20f'],
    ['GET', "/!$&'()*+,;=:@-._~"],
    ['OPTIONS', '*'],
    ['OPTIONS', '/'],
    ['GET', 'http://example.com/a?b'],
    ['GET', 'urn:example:thing'],
    ['CONNECT', 'example.com:443'],
    ['CONNECT', '127.0.0.1:8080'],
    ['CONNECT', '[2001:db8::1]:8443'],
  ])('accepts %s %s, a form of RFC 9112 §3.2', (method, target) => {
    expect(checkTarget(target, method)).toBeUndefined();
  });

  it.each([
    ['CR LF', '*\r\nX-Injected: 1'],
    ['a LF', '/a\nX-Injected: 1'],
    ['a space', '/a b'],
    ['a tab', '/a\tb'],
    ['NUL', '/a\u0000'],
    ['DEL', '/a\u007f'],
    ['a non-ASCII letter', '/caf\u00e9'],
    ['an astral character', '/\u{1f600}'],
    ['a fragment', '/a#b'],
    ['nothing', ''],
  ])('rejects a target with %s', (_, target) => {
    expect(() => checkTarget(target, 'OPTIONS')).toThrow(LocalProtocolError);
  });

  it('names the offending character and its place, and says what would be right', () => {
    expect(() => checkTarget('/a\r\nX: 1', 'GET')).toThrow(
      /"\/a\\r\\nX: 1" has CR \(U\+000D\) at index 2.*percent-encode it/,
    );
    expect(() => checkTarget('/caf\u00e9', 'GET')).toThrow(/a non-ASCII character \(U\+00E9\) at index 4/);
    expect(() => checkTarget('/a#b', 'GET')).toThrow(/'#' at index 2.*leave any fragment out/);
  });

  it.each([
    ['GET', '*', /only with OPTIONS, not GET/],
    ['GET', 'a/b', /origin-form.*absolute-form/],
    ['CONNECT', '/a', /CONNECT.*host:port/],
    ['CONNECT', 'example.com', /CONNECT.*host:port/],
    ['CONNECT', 'http://example.com:443/', /CONNECT.*host:port/],
  ])('rejects %s %s: not a form the method may use', (method, target, message) => {
    expect(() => checkTarget(target, method)).toThrow(message);
    expect(() => checkTarget(target, method)).toThrow(LocalProtocolError);
  });

  it('rejects a target that is not a string, as the Request does a method', () => {
    expect(() => checkTarget(42, 'GET')).toThrow(LocalProtocolError);
    expect(() => checkTarget(null, 'GET')).toThrow(/must be a string, not null/);
  });
});
