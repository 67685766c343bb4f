import { describe, expect, it } from 'vitest';
import { checkBoundary, multipartContentType, randomBoundary } from '../../src/content/boundary.ts';

describe('randomBoundary', () => {
  it('is 32 lowercase hex characters', () => {
    expect(randomBoundary()).toMatch(/^[0-9a-f]{32}$/);
  });

  it('differs every time', () => {
    const seen = new Set(Array.from({ length: 50 }, () => randomBoundary()));
    expect(seen.size).toBe(50);
  });
});

describe('checkBoundary', () => {
  it('accepts RFC 2046 boundaries', () => {
    expect(checkBoundary('abc')).toBe('abc');
    expect(checkBoundary("a'()+_,-./:=? z")).toBe("a'()+_,-./:=? z");
    expect(checkBoundary('x'.repeat(70))).toHaveLength(70);
  });

  it('rejects empty, too long, trailing space and forbidden characters', () => {
    expect(() => checkBoundary('')).toThrow(TypeError);
    expect(() => checkBoundary('x'.repeat(71))).toThrow(TypeError);
    expect(() => checkBoundary('ab ')).toThrow(TypeError);
    expect(() => checkBoundary('a"b')).toThrow(/Invalid multipart boundary/);
    expect(() => checkBoundary('a\r\nb')).toThrow(TypeError);
  });
});

describe('multipartContentType', () => {
  it('leaves a token boundary bare and quotes any other', () => {
    expect(multipartContentType('abc123')).toBe('multipart/form-data; boundary=abc123');
    expect(multipartContentType('a b:c')).toBe('multipart/form-data; boundary="a b:c"');
  });
});
