import { describe, expect, it } from 'vitest';
import { claim } from '../../src/content/one-shot.ts';
import { StreamConsumed } from '../../src/errors.ts';

describe('claim', () => {
  it('lets a source be claimed once, then raises StreamConsumed', () => {
    const source = {};
    expect(() => claim(source)).not.toThrow();
    expect(() => claim(source)).toThrow(StreamConsumed);
  });

  it('tracks sources independently', () => {
    claim({});
    expect(() => claim({})).not.toThrow();
  });

  it('treats a ReadableStream someone else locked as consumed', () => {
    const stream = new ReadableStream();
    stream.getReader();
    expect(() => claim(stream)).toThrow(StreamConsumed);
  });
});
