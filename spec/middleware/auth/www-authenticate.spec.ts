import { describe, expect, it } from 'vitest';
import { parseChallenges } from '../../../src/middleware/auth/www-authenticate.ts';

const params = (value: string) =>
  parseChallenges([value]).map(({ scheme, params }) => [scheme, Object.fromEntries(params)]);

describe('parseChallenges', () => {
  it('reads quoted strings with commas and backslash escapes', () => {
    expect(params('Digest realm="a, \\"b\\"", nonce="x\\\\y", qop="auth,auth-int"')).toEqual([
      ['Digest', { realm: 'a, "b"', nonce: 'x\\y', qop: 'auth,auth-int' }],
    ]);
  });

  it('splits several challenges in one header, parameters belonging to the scheme before them', () => {
    expect(params('Basic realm="basic", Digest realm="digest", nonce=abc, algorithm=SHA-256')).toEqual([
      ['Basic', { realm: 'basic' }],
      ['Digest', { realm: 'digest', nonce: 'abc', algorithm: 'SHA-256' }],
    ]);
  });

  it('reads every header value in order', () => {
    const challenges = parseChallenges(['Digest realm="one", nonce="1"', 'Digest realm="two", nonce="2"']);
    expect(challenges.map((challenge) => challenge.params.get('realm'))).toEqual(['one', 'two']);
  });

  it('keeps a token68 as the whole of its challenge', () => {
    const [negotiate, basic] = parseChallenges(['Negotiate YWJj==, Basic realm="x"']);
    expect(negotiate).toMatchObject({ scheme: 'Negotiate', token68: 'YWJj==' });
    expect(negotiate!.params.size).toBe(0);
    expect(basic).toMatchObject({ scheme: 'Basic' });
    expect(basic!.params.get('realm')).toBe('x');
  });

  it('takes a scheme with no parameters, lower-cases parameter names and allows spaces around =', () => {
    expect(params('Newauth, Digest REALM = "r" ,Nonce=n')).toEqual([
      ['Newauth', {}],
      ['Digest', { realm: 'r', nonce: 'n' }],
    ]);
  });

  it('keeps the first of a repeated parameter', () => {
    expect(params('Digest nonce="first", nonce="second"')).toEqual([['Digest', { nonce: 'first' }]]);
  });

  it('skips what it cannot read instead of throwing', () => {
    expect(params('')).toEqual([]);
    expect(params('@@@, Digest realm="r", nonce="unterminated')).toEqual([
      ['Digest', { realm: 'r', nonce: 'unterminated' }],
    ]);
  });
});
