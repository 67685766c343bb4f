import { describe, expect, it } from 'vitest';
import { BodyBuffer } from '../../src/content/body-buffer.ts';
import { utf8 } from '../../src/content/bytes.ts';

describe('BodyBuffer', () => {
  it('takes nothing kept as an empty array', () => {
    const taken = new BodyBuffer().take();
    expect(taken).toBeInstanceOf(Uint8Array);
    expect(taken.byteLength).toBe(0);
  });

  it('joins the chunks it kept, in order, into one array', () => {
    const buffer = new BodyBuffer();
    const chunks = [utf8('hel'), utf8('lo, '), utf8(''), utf8('world')];
    for (const chunk of chunks) buffer.push(chunk);
    const taken = buffer.take();
    expect(new TextDecoder().decode(taken)).toBe('hello, world');
    expect(taken.byteLength).toBe(12);
    for (const chunk of chunks) expect(taken).not.toBe(chunk);
  });

  it('returns the only chunk itself when there is one, not a copy', () => {
    const buffer = new BodyBuffer();
    const only = utf8('just this');
    buffer.push(only);
    expect(buffer.take()).toBe(only);
  });

  it('starts empty again after take()', () => {
    const buffer = new BodyBuffer();
    buffer.push(utf8('first'));
    buffer.push(utf8(' body'));
    expect(new TextDecoder().decode(buffer.take())).toBe('first body');
    expect(buffer.take().byteLength).toBe(0);
    const next = utf8('second');
    buffer.push(next);
    expect(buffer.take()).toBe(next);
  });

  it('forgets what it kept on clear()', () => {
    const buffer = new BodyBuffer();
    buffer.push(utf8('a redirect body'));
    buffer.push(utf8(' to forget'));
    buffer.clear();
    expect(buffer.take().byteLength).toBe(0);
    buffer.push(utf8('kept'));
    buffer.clear();
    buffer.clear();
    const after = utf8('after');
    buffer.push(after);
    expect(buffer.take()).toBe(after);
  });
});
