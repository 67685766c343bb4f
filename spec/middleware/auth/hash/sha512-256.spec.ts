import { describe, expect, it } from 'vitest';
import { sha512_256 } from '../../../../src/middleware/auth/hash/sha512-256.ts';
import { ABC, bytes, describeHashAgainstNode, hex, MESSAGE_448, MESSAGE_896 } from './hash-suite.ts';

describeHashAgainstNode('sha512-256', sha512_256, 32, 128);

describe('sha512_256', () => {
  // The NIST example values for SHA-512/256.
  it.each([
    ['the empty message', '', 'c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a'],
    ['"abc"', ABC, '53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23'],
    ['the 448-bit message', MESSAGE_448, 'bde8e1f9f19bb9fd3406c90ec6bc47bd36d8ada9f11880dbc8a22a7078b6a461'],
    ['the 896-bit message', MESSAGE_896, '3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a'],
  ])('matches the published digest of %s', (_, message, digest) => {
    expect(hex(sha512_256(bytes(message)))).toBe(digest);
  });

  it('differs from SHA-512 truncated to 256 bits, since its initial hash value is its own', () => {
    expect(hex(sha512_256(bytes(ABC)))).not.toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a',
    );
  });
});
