import { concat, finalize, interval, map, Observable, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { observableChunks } from '../../src/content/observable-chunks.ts';

async function drain(iterable: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of iterable) out.push(new TextDecoder().decode(chunk));
  return out;
}

describe('observableChunks', () => {
  it('yields what a synchronous Observable emits, in order', async () => {
    expect(await drain(observableChunks(of(new Uint8Array([104, 105]), 'there')))).toEqual(['hi', 'there']);
  });

  it('waits for values that arrive later', async () => {
    const source = interval(1).pipe(map((n) => `#${n}`));
    const out: string[] = [];
    for await (const chunk of observableChunks(source)) {
      out.push(new TextDecoder().decode(chunk));
      if (out.length === 3) break;
    }
    expect(out).toEqual(['#0', '#1', '#2']);
  });

  it('subscribes only when iteration starts, anew each time', async () => {
    let subscriptions = 0;
    const source = new Observable<string>((subscriber) => {
      subscriptions++;
      subscriber.next(`run ${subscriptions}`);
      subscriber.complete();
    });
    const first = observableChunks(source);
    expect(subscriptions).toBe(0);
    expect(await drain(first)).toEqual(['run 1']);
    expect(await drain(observableChunks(source))).toEqual(['run 2']);
  });

  it('unsubscribes when the consumer breaks out', async () => {
    let finalized = 0;
    const source = interval(1).pipe(
      map(String),
      finalize(() => finalized++),
    );
    for await (const chunk of observableChunks(source)) {
      expect(new TextDecoder().decode(chunk)).toBe('0');
      break;
    }
    expect(finalized).toBe(1);
  });

  it('delivers the chunks before an error, then throws it', async () => {
    const out: string[] = [];
    const source = concat(
      of('a', 'b'),
      throwError(() => new Error('upstream failed')),
    );
    await expect(async () => {
      for await (const chunk of observableChunks(source)) out.push(new TextDecoder().decode(chunk));
    }).rejects.toThrow('upstream failed');
    expect(out).toEqual(['a', 'b']);
  });

  it('fails on a value that is not bytes', async () => {
    await expect(drain(observableChunks(of(1)))).rejects.toThrow(TypeError);
  });
});
