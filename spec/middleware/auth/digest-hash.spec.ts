import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DIGEST_ALGORITHMS,
  type DigestAlgorithm,
  digestHex,
} from '../../../src/middleware/auth/digest-hash.ts';

const NODE_NAMES: Record<DigestAlgorithm, string> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  'SHA-512': 'sha512',
  'SHA-512-256': 'sha512-256',
};

const ALGORITHMS = Object.keys(NODE_NAMES) as DigestAlgorithm[];

function reference(algorithm: DigestAlgorithm, text: string): string {
  return createHash(NODE_NAMES[algorithm]).update(text, 'utf8').digest('hex');
}

describe('DIGEST_ALGORITHMS', () => {
  it('names the three algorithms of RFC 7616 and SHA-512, which httpx answers and httpbin offers', () => {
    expect([...DIGEST_ALGORITHMS].sort()).toEqual(['MD5', 'SHA-256', 'SHA-512', 'SHA-512-256']);
    expect(DIGEST_ALGORITHMS.has('MD5')).toBe(true);
    expect(DIGEST_ALGORITHMS.has('md5' as DigestAlgorithm)).toBe(false);
  });
});

describe('digestHex', () => {
  describe.each(ALGORITHMS)('%s', (algorithm) => {
    const length = { MD5: 32, 'SHA-256': 64, 'SHA-512': 128, 'SHA-512-256': 64 }[algorithm];

    it(`returns ${length} lowercase hex digits for the empty string`, () => {
      const digest = digestHex(algorithm, '');
      expect(digest).toMatch(new RegExp(`^[0-9a-f]{${length}}$`));
      expect(digest).toBe(reference(algorithm, ''));
    });

    it.each([
      ['ASCII credentials', 'Mufasa:http-auth@example.org:Circle of Life'],
      ['Latin-1 letters, two bytes each', 'J\u00e4s\u00f8n Doe:api@example.org'],
      ['CJK, three bytes each', '\u7528\u6237:\u57df:\u5bc6\u7801'],
      ['an astral emoji, a surrogate pair in four bytes', 'user\u{1f511}:realm:pa\u{1f600}ss'],
      ['a combining accent', 'e\u0301:realm:secret'],
      ['a string long enough for several blocks', `${'\u00fc'.repeat(150)}:${'x'.repeat(100)}`],
    ])('hashes the UTF-8 of %s', (_, text) => {
      expect(digestHex(algorithm, text)).toBe(reference(algorithm, text));
    });

    it('encodes a lone surrogate as U+FFFD, as TextEncoder does', () => {
      expect(digestHex(algorithm, 'a\ud800b')).toBe(reference(algorithm, 'a\ufffdb'));
    });

    // Kept from the hand-written hashes' suite: the FIPS 180-2 messages and every length across
    // the padding boundaries of one and two blocks (64 bytes for MD5 and SHA-256, 128 for SHA-512/x).
    it.each([
      ['"abc"', 'abc'],
      ['the 448-bit message', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'],
      [
        'the 896-bit message',
        'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      ],
      ['a million "a"', 'a'.repeat(1_000_000)],
    ])('hashes %s as node:crypto does', (_, text) => {
      expect(digestHex(algorithm, text)).toBe(reference(algorithm, text));
    });

    it('hashes every length from 0 to 300 bytes as node:crypto does', () => {
      const texts = Array.from({ length: 301 }, (_, n) =>
        Array.from({ length: n }, (_, i) => String.fromCharCode(0x21 + ((i * 31 + 7) % 94))).join(''),
      );
      expect(texts.map((text) => digestHex(algorithm, text))).toEqual(
        texts.map((text) => reference(algorithm, text)),
      );
    });
  });

  // RFC 1321, appendix A.5: the MD5 test suite.
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ])('matches the RFC 1321 MD5 test suite for "%s"', (message, digest) => {
    expect(digestHex('MD5', message)).toBe(digest);
  });

  // RFC 7616 §3.9.1: the worked example, response = H(H(A1):nonce:nc:cnonce:qop:H(A2)).
  it.each([
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ] as const)('reproduces the RFC 7616 example response with %s', (algorithm, response) => {
    const ha1 = digestHex(algorithm, 'Mufasa:http-auth@example.org:Circle of Life');
    const ha2 = digestHex(algorithm, 'GET:/dir/index.html');
    const nonce = '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v';
    const cnonce = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';
    expect(digestHex(algorithm, `${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`)).toBe(response);
  });
});
