import { Readable } from 'node:stream';
import { defer, from, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { bytesContent, contentFrom } from '../../src/content/raw-content.ts';
import type { ContentInit } from '../../src/content/types.ts';
import { StreamConsumed } from '../../src/errors.ts';
import { collect, header, text } from './helpers.ts';

describe('contentFrom: in-memory kinds', () => {
  it('sends a string as UTF-8 with a known length and no Content-Type', async () => {
    const content = contentFrom('héllo');
    expect(content.length).toBe(6);
    expect(content.headers).toEqual([]);
    expect(content.replayable).toBe(true);
    expect([...content.bytes!]).toEqual([104, 0xc3, 0xa9, 108, 108, 111]);
    expect(await text(content)).toBe('héllo');
  });

  it('sends a Uint8Array as it is, without copying', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const content = contentFrom(bytes);
    expect(content.bytes).toBe(bytes);
    expect(content.length).toBe(3);
    expect(content.replayable).toBe(true);
    expect((await collect(content)).chunks).toEqual([bytes]);
  });

  it('sends an ArrayBuffer and a typed-array view by their bytes', () => {
    expect([...contentFrom(new Uint8Array([9, 8]).buffer).bytes!]).toEqual([9, 8]);
    const view = new Uint16Array(new Uint8Array([1, 2, 3, 4, 5, 6]).buffer, 2, 2);
    const content = contentFrom(view);
    expect(content.length).toBe(4);
    expect([...content.bytes!]).toEqual([3, 4, 5, 6]);
  });

  it('reads an empty body as no chunks at all', async () => {
    const content = contentFrom('');
    expect(content.length).toBe(0);
    expect((await collect(content)).chunks).toEqual([]);
  });

  it('replays an in-memory body', async () => {
    const content = contentFrom('again');
    expect(await text(content)).toBe('again');
    expect(await text(content)).toBe('again');
  });
});

describe('contentFrom: Blob', () => {
  it('has the Blob size as length, its type as Content-Type, and streams it', async () => {
    const blob = new Blob(['<a/>'], { type: 'application/xml' });
    const content = contentFrom(blob);
    expect(content.length).toBe(4);
    expect(header(content, 'content-type')).toBe('application/xml');
    expect(content.bytes).toBeUndefined();
    expect(content.replayable).toBe(true);
    expect(await text(content)).toBe('<a/>');
    expect(await text(content)).toBe('<a/>');
  });

  it('sends no Content-Type for an untyped Blob', () => {
    expect(contentFrom(new Blob(['x'])).headers).toEqual([]);
  });
});

describe('contentFrom: sync iterables', () => {
  it('sends an array of chunks with a known length, replayably, strings as UTF-8', async () => {
    const content = contentFrom([new Uint8Array([65]), 'é'] as unknown as Iterable<Uint8Array>);
    expect(content.length).toBe(3);
    expect(content.replayable).toBe(true);
    expect(content.bytes).toBeUndefined();
    expect(await text(content)).toBe('Aé');
    expect(await text(content)).toBe('Aé');
  });

  it('sends a generator chunked, once', async () => {
    function* parts(): Generator<Uint8Array> {
      yield new TextEncoder().encode('one ');
      yield new TextEncoder().encode('two');
    }
    const content = contentFrom(parts());
    expect(content.length).toBeUndefined();
    expect(content.replayable).toBe(false);
    expect(await text(content)).toBe('one two');
    expect(() => content.stream()).toThrow(StreamConsumed);
  });

  it('replays an iterable that makes a fresh iterator each time', async () => {
    const content = contentFrom(new Set([new Uint8Array([1]), new Uint8Array([2])]));
    expect(content.replayable).toBe(true);
    expect(content.length).toBeUndefined();
    expect([...(await collect(content)).bytes]).toEqual([1, 2]);
    expect([...(await collect(content)).bytes]).toEqual([1, 2]);
  });
});

describe('contentFrom: one-shot streams', () => {
  it('reads an async generator once and then raises StreamConsumed', async () => {
    async function* parts(): AsyncGenerator<Uint8Array | string> {
      yield 'a';
      yield new Uint8Array([98]);
    }
    const content = contentFrom(parts() as AsyncIterable<Uint8Array>);
    expect(content.length).toBeUndefined();
    expect(content.replayable).toBe(false);
    expect(content.bytes).toBeUndefined();
    expect(await text(content)).toBe('ab');
    expect(() => content.stream()).toThrow(StreamConsumed);
  });

  it('reads a Node Readable, Buffers included, once', async () => {
    const readable = Readable.from([Buffer.from('node '), Buffer.from('stream')]);
    const content = contentFrom(readable);
    expect(content.replayable).toBe(false);
    expect(await text(content)).toBe('node stream');
    expect(() => content.stream()).toThrow(StreamConsumed);
  });

  it('raises StreamConsumed for a second body over the same stream', async () => {
    const readable = Readable.from(['x']);
    await text(contentFrom(readable));
    expect(() => contentFrom(readable).stream()).toThrow(StreamConsumed);
  });

  it('reads a ReadableStream once', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('web '));
        controller.enqueue(new TextEncoder().encode('stream'));
        controller.close();
      },
    });
    const content = contentFrom(stream);
    expect(content.length).toBeUndefined();
    expect(content.replayable).toBe(false);
    expect(await text(content)).toBe('web stream');
    expect(() => content.stream()).toThrow(StreamConsumed);
  });
});

describe('contentFrom: Observable', () => {
  it('is replayable: every read subscribes anew', async () => {
    let subscriptions = 0;
    const source = defer(() => {
      subscriptions++;
      return of(new TextEncoder().encode(`take ${subscriptions}`));
    });
    const content = contentFrom(source);
    expect(content.replayable).toBe(true);
    expect(content.length).toBeUndefined();
    expect(await text(content)).toBe('take 1');
    expect(await text(content)).toBe('take 2');
    expect(subscriptions).toBe(2);
  });

  it('encodes string values leniently', async () => {
    expect(await text(contentFrom(from(['x', 'y']) as unknown as ContentInit))).toBe('xy');
  });
});

describe('contentFrom: content objects and bad input', () => {
  it('asks a content source for its body', () => {
    const body = bytesContent(new Uint8Array([1]), 'application/x-thing');
    expect(contentFrom({ toContent: () => body })).toBe(body);
  });

  it('rejects values that are not a body', () => {
    expect(() => contentFrom(42 as unknown as ContentInit)).toThrow(
      /^content must be a string, bytes, .*, not 42$/,
    );
    expect(() => contentFrom({ a: 1 } as unknown as ContentInit)).toThrow(/, not an object$/);
  });
});
