import { describe, expect, it } from 'vitest';
import { readStream } from '../../src/content/read-stream.ts';

function streamOf(chunks: unknown[], onCancel?: (reason: unknown) => void): ReadableStream<unknown> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++]);
      else controller.close();
    },
    cancel: onCancel,
  });
}

describe('readStream', () => {
  it('yields every chunk as bytes and releases the lock', async () => {
    const stream = streamOf([new Uint8Array([1]), 'ab']);
    const chunks: number[][] = [];
    for await (const chunk of readStream(stream)) chunks.push([...chunk]);
    expect(chunks).toEqual([[1], [97, 98]]);
    expect(stream.locked).toBe(false);
  });

  it('cancels the stream when the reader stops early', async () => {
    let cancelled = false;
    const stream = streamOf([new Uint8Array([1]), new Uint8Array([2])], () => {
      cancelled = true;
    });
    for await (const chunk of readStream(stream)) {
      expect([...chunk]).toEqual([1]);
      break;
    }
    expect(cancelled).toBe(true);
    expect(stream.locked).toBe(false);
  });

  it('passes on the stream error', async () => {
    const stream = new ReadableStream({
      start(controller) {
        controller.error(new Error('disk gone'));
      },
    });
    await expect(async () => {
      for await (const _ of readStream(stream)) {
        // nothing arrives
      }
    }).rejects.toThrow('disk gone');
  });

  it('cancels the stream when a chunk is not bytes', async () => {
    let cancelled = false;
    const stream = streamOf([42], () => {
      cancelled = true;
    });
    await expect(async () => {
      for await (const _ of readStream(stream)) {
        // nothing valid arrives
      }
    }).rejects.toThrow(TypeError);
    expect(cancelled).toBe(true);
  });
});
