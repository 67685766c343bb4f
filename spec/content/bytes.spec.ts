import { describe, expect, it } from 'vitest';
import { concatBytes, toChunk, useByteAllocator, utf8 } from '../../src/content/bytes.ts';

describe('toChunk', () => {
  it('passes a Uint8Array through without copying', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(toChunk(bytes)).toBe(bytes);
  });

  it('passes a Node Buffer through as it is a Uint8Array', () => {
    const buffer = Buffer.from('hi');
    expect(toChunk(buffer)).toBe(buffer);
  });

  it('encodes a string as UTF-8', () => {
    expect([...toChunk('é€')]).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac]);
  });

  it('views an ArrayBuffer', () => {
    expect([...toChunk(new Uint8Array([7, 8]).buffer)]).toEqual([7, 8]);
  });

  it('views only the window of a typed array over a larger buffer', () => {
    const buffer = new Uint8Array([0, 1, 2, 3, 4, 5]).buffer;
    expect([...toChunk(new DataView(buffer, 2, 3))]).toEqual([2, 3, 4]);
    expect([...toChunk(new Uint16Array(buffer, 2, 1))]).toEqual([2, 3]);
  });

  it('rejects a value that is not bytes', () => {
    expect(() => toChunk(42)).toThrow(new TypeError('A body chunk must be bytes or a string, not 42'));
    expect(() => toChunk({})).toThrow(/must be bytes or a string, not an object/);
    expect(() => toChunk(new Map())).toThrow(/must be bytes or a string, not a Map/);
  });
});

describe('concatBytes', () => {
  it('joins chunks in order', () => {
    expect([...concatBytes([utf8('ab'), new Uint8Array(0), utf8('c')])]).toEqual([97, 98, 99]);
  });

  it('returns a single chunk itself', () => {
    const only = utf8('x');
    expect(concatBytes([only])).toBe(only);
  });

  it('fills the memory the installed allocator gives, for the total size', () => {
    const sizes: number[] = [];
    const memory = new Uint8Array(8).fill(0xff);
    useByteAllocator((size) => {
      sizes.push(size);
      return memory.subarray(0, size);
    });
    try {
      const joined = concatBytes([utf8('ab'), utf8('c')]);
      expect(sizes).toEqual([3]);
      expect(joined.buffer).toBe(memory.buffer);
      expect([...joined]).toEqual([97, 98, 99]);
    } finally {
      useByteAllocator((size) => new Uint8Array(size));
    }
  });
});
