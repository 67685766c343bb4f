import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { digestAuthorization, randomCnonce } from '../../../src/middleware/auth/digest-answer.ts';
import type { DigestChallenge } from '../../../src/middleware/auth/digest-challenge.ts';

// RFC 7616 §3.9.1: GET /dir/index.html as Mufasa, password "Circle of Life".
const rfc: DigestChallenge = {
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  algorithm: 'MD5',
  session: false,
  qop: 'auth',
  stale: false,
  userhash: false,
};
const rfcInput = {
  method: 'GET',
  uri: '/dir/index.html',
  username: 'Mufasa',
  password: 'Circle of Life',
  nc: 1,
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
};
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('digestAuthorization', () => {
  it('answers RFC 7616 §3.9.1’s MD5 example exactly', () => {
    expect(digestAuthorization({ ...rfcInput, challenge: rfc })).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=MD5, ' +
        'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, ' +
        'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, ' +
        'response="8ca523f5e9506fed4657c9700eebdbec", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
  });

  it('answers RFC 7616 §3.9.1’s SHA-256 example', () => {
    const header = digestAuthorization({ ...rfcInput, challenge: { ...rfc, algorithm: 'SHA-256' } });
    expect(header).toContain('algorithm=SHA-256,');
    expect(header).toContain('response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"');
  });

  it('writes nc as 8 hex digits', () => {
    expect(digestAuthorization({ ...rfcInput, nc: 255, challenge: rfc })).toContain(' nc=000000ff,');
  });

  it('uses the RFC 2069 form when the server sent no qop: no nc, cnonce or qop', () => {
    const header = digestAuthorization({ ...rfcInput, challenge: { ...rfc, qop: undefined } });
    const ha1 = md5('Mufasa:http-auth@example.org:Circle of Life');
    const expected = md5(`${ha1}:${rfc.nonce}:${md5('GET:/dir/index.html')}`);
    expect(header).toContain(`response="${expected}"`);
    expect(header).not.toMatch(/\b(nc|cnonce|qop)=/);
  });

  it('hashes the nonce and cnonce into HA1 for -sess and names the algorithm so', () => {
    const header = digestAuthorization({ ...rfcInput, challenge: { ...rfc, session: true } });
    const ha1 = md5(`${md5('Mufasa:http-auth@example.org:Circle of Life')}:${rfc.nonce}:${rfcInput.cnonce}`);
    const expected = md5(
      `${ha1}:${rfc.nonce}:00000001:${rfcInput.cnonce}:auth:${md5('GET:/dir/index.html')}`,
    );
    expect(header).toContain('algorithm=MD5-sess,');
    expect(header).toContain(`response="${expected}"`);
  });

  it('sends H(user:realm) as the user name with userhash', () => {
    const header = digestAuthorization({ ...rfcInput, challenge: { ...rfc, userhash: true } });
    expect(header).toContain(`username="${md5('Mufasa:http-auth@example.org')}"`);
    expect(header).toMatch(/, userhash=true$/);
  });

  it('puts a non-ASCII user name in username* (RFC 8187) and escapes quoted strings', () => {
    const header = digestAuthorization({
      ...rfcInput,
      username: 'Jäsøn Doe',
      challenge: { ...rfc, realm: 'say "hi" \\o/', opaque: undefined },
    });
    expect(header).toMatch(/^Digest username\*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm="say \\"hi\\" \\\\o\/",/);
    expect(header).not.toContain('opaque');
  });
});

describe('randomCnonce', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is 16 bytes from crypto.getRandomValues, as hex, fresh each time', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const [a, b] = [randomCnonce(), randomCnonce()];
    expect(spy).toHaveBeenCalledTimes(2);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });
});
