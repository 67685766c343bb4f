import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../../src/middleware/auth/hash/sha256.ts';
import { ABC, bytes, describeHashAgainstNode, hex, MESSAGE_448, MESSAGE_896 } from './hash-suite.ts';

describeHashAgainstNode('sha256', sha256, 32, 64);

describe('sha256', () => {
  // The NIST example values for SHA-256.
  it.each([
    ['the empty message', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['"abc"', ABC, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['the 448-bit message', MESSAGE_448, '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['the 896-bit message', MESSAGE_896, 'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1'],
  ])('matches the published digest of %s', (_, message, digest) => {
    expect(hex(sha256(bytes(message)))).toBe(digest);
  });
});
