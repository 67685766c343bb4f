import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../src/errors.ts';
import { digestChallenge } from '../../../src/middleware/auth/digest-challenge.ts';
import { Request } from '../../../src/models/request.ts';
import { Response } from '../../../src/models/response.ts';

const request = new Request('GET', 'https://example.com/');
const challengeIn = (...values: string[]) =>
  digestChallenge(
    new Response(401, { headers: values.map((value): [string, string] => ['WWW-Authenticate', value]) }),
    request,
  );

describe('digestChallenge', () => {
  it('reads RFC 7616 §3.9.1’s challenges, taking the first (SHA-256) as the server prefers it', () => {
    const common = 'realm="http-auth@example.org", qop="auth, auth-int", nonce="7ypf", opaque="FQhe"';
    expect(challengeIn(`Digest ${common}, algorithm=SHA-256`, `Digest ${common}, algorithm=MD5`)).toEqual({
      realm: 'http-auth@example.org',
      nonce: '7ypf',
      opaque: 'FQhe',
      algorithm: 'SHA-256',
      session: false,
      qop: 'auth',
      stale: false,
      userhash: false,
    });
  });

  it('skips challenges it cannot answer for a later one it can', () => {
    const found = challengeIn(
      'Basic realm="b", Digest realm="r", nonce="1", algorithm=SHA-1',
      'Digest realm="r", nonce="2", algorithm=sha-512-256-SESS',
    );
    expect(found).toMatchObject({ nonce: '2', algorithm: 'SHA-512-256', session: true });
  });

  it('tells SHA-512 and SHA-512-sess from SHA-512-256', () => {
    expect(challengeIn('Digest realm="r", nonce="n", algorithm=SHA-512')).toMatchObject({
      algorithm: 'SHA-512',
      session: false,
    });
    expect(challengeIn('Digest realm="r", nonce="n", algorithm=sha-512-Sess')).toMatchObject({
      algorithm: 'SHA-512',
      session: true,
    });
    expect(challengeIn('Digest realm="r", nonce="n", algorithm=SHA-512-256')).toMatchObject({
      algorithm: 'SHA-512-256',
      session: false,
    });
  });

  it('defaults to MD5 and to no qop; reads stale and userhash case-insensitively', () => {
    expect(challengeIn('Digest realm="r", nonce="n", stale=TRUE, userhash=True')).toMatchObject({
      algorithm: 'MD5',
      qop: undefined,
      stale: true,
      userhash: true,
    });
  });

  it('is undefined when no challenge is Digest', () => {
    expect(challengeIn('Basic realm="r"')).toBeUndefined();
    expect(challengeIn()).toBeUndefined();
  });

  it('raises a ProtocolError naming auth-int when the server offers only qop=auth-int', () => {
    expect(() => challengeIn('Digest realm="r", nonce="n", qop="auth-int"')).toThrow(ProtocolError);
    expect(() => challengeIn('Digest realm="r", nonce="n", qop="auth-int"')).toThrow(/auth-int/);
  });

  it('raises a ProtocolError for an unknown algorithm or a challenge without a nonce', () => {
    expect(() => challengeIn('Digest realm="r", nonce="n", algorithm=SHA-1')).toThrow(
      /SHA-1 is not supported/,
    );
    let error: unknown;
    try {
      challengeIn('Digest realm="r"');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).request).toBe(request);
  });
});
