import { NEVER, Observable, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { ResponseNotRead } from '../../src/errors.ts';
import type { HttpEvent } from '../../src/events.ts';
import { takeOver } from '../../src/middleware/take-over.ts';
import { Request } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';

const request = new Request('GET', 'https://example.com/');
const bytes = (text: string) => new TextEncoder().encode(text);

function scheduler() {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** One hop's events: sent, headers, two chunks, response (the same Response object throughout). */
function hop(status: number) {
  const response = new Response(status, { request })._begin();
  const events: Record<string, HttpEvent> = {
    s: { type: 'sent', request, attempt: 1 },
    h: { type: 'headers', response },
    a: { type: 'chunk', data: bytes('ab') },
    b: { type: 'chunk', data: bytes('cd') },
    r: { type: 'response', response },
  };
  return { response, events };
}

describe('takeOver', () => {
  it('passes every event when decide declines', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const { events } = hop(200);
      const source = cold('s-h-a-b-(r|)', events);
      expectObservable(source.pipe(takeOver(() => undefined))).toBe('s-h-a-b-(r|)', events);
    });
  });

  it('hides the rest of a taken hop and continues once the hop completes', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const first = hop(302);
      const second = hop(200);
      const source = cold('s-h-a-b-r-|', first.events);
      const next = cold<HttpEvent>('x|', { x: second.events.r! });
      const out = source.pipe(takeOver(() => () => next));
      expectObservable(out).toBe('s---------x|', { s: first.events.s, x: second.events.r });
      expectSubscriptions(source.subscriptions).toBe('^---------!');
      expectSubscriptions(next.subscriptions).toBe('----------^!');
    });
  });

  it('hands the continuation the hop response with its body discarded, not kept', () => {
    const { response, events } = hop(302);
    let decided: Response | undefined;
    let finished: Response | undefined;
    of(events.s!, events.h!, events.a!, events.b!, events.r!)
      .pipe(
        takeOver((seen) => {
          decided = seen;
          return (done) => {
            finished = done;
            return of();
          };
        }),
      )
      .subscribe();
    expect(decided).toBe(response);
    expect(finished).toBe(response);
    expect(response.isDiscarded).toBe(true);
    expect(() => response.content).toThrow(ResponseNotRead);
  });

  it('marks the response discarded at its headers, so that the transport below stops decoding', () => {
    const { response, events } = hop(302);
    const marked: boolean[] = [];
    new Observable<HttpEvent>((subscriber) => {
      subscriber.next(events.h!);
      marked.push(response.isDiscarded);
      subscriber.next(events.r!);
      subscriber.complete();
    })
      .pipe(takeOver(() => () => of()))
      .subscribe();
    expect(marked).toEqual([true]);
  });

  describe('how much of a discarded body it reads', () => {
    /**
     * A hop whose body comes in `pieces` of 16 KiB: `h` its headers, `1`, `2`… the download
     * events (as a transport counts wire bytes), `A`, `B`… the chunks, `r` its response.
     */
    function body(status: number, pieces: number, headers: Record<string, string> = {}) {
      const response = new Response(status, { request, headers })._begin();
      const letters: Record<string, HttpEvent> = {
        h: { type: 'headers', response },
        r: { type: 'response', response },
      };
      for (let i = 1; i <= pieces; i++) {
        letters[String(i)] = { type: 'download', loaded: i * 16 * 1024 };
        letters[String.fromCharCode(0x40 + i)] = { type: 'chunk', data: new Uint8Array(16 * 1024) };
      }
      return { response, letters };
    }
    const after = hop(200).events.r!;

    it('reads a body of at most 64 KiB on the wire to its end, then continues', () => {
      scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const { letters } = body(302, 4);
        const source = cold('h1A2B3C4D(r|)', letters);
        const next = cold<HttpEvent>('x|', { x: after });
        expectObservable(source.pipe(takeOver(() => () => next))).toBe('---------x|', { x: after });
        expectSubscriptions(source.subscriptions).toBe('^--------!');
      });
    });

    it('gives a hop up (closing its connection) at its first bytes when it declares more than 64 KiB', () => {
      scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const { letters } = body(302, 8);
        const declared = {
          ...letters,
          '1': { type: 'download', loaded: 16 * 1024, total: 128 * 1024 },
        } as const;
        const source = cold('h12345678(r|)', declared);
        const next = cold<HttpEvent>('x|', { x: after });
        expectObservable(source.pipe(takeOver(() => () => next))).toBe('-x|', { x: after });
        expectSubscriptions(source.subscriptions).toBe('^!');
      });
    });

    it('keeps a hop whose declared length brings no bytes (HEAD, 204, 304) to its end', () => {
      scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const { letters } = body(302, 0, { 'content-length': String(1024 * 1024) });
        const source = cold('h-(r|)', letters);
        const next = cold<HttpEvent>('x|', { x: after });
        expectObservable(source.pipe(takeOver(() => () => next))).toBe('--x|', { x: after });
        expectSubscriptions(source.subscriptions).toBe('^-!');
      });
    });

    it('gives a hop up once more than 64 KiB came off the wire', () => {
      scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const { letters } = body(302, 8);
        const source = cold('h12345678(r|)', letters);
        const next = cold<HttpEvent>('x|', { x: after });
        // 4 × 16 KiB is still drained; the fifth download passes the bound.
        expectObservable(source.pipe(takeOver(() => () => next))).toBe('-----x|', { x: after });
        expectSubscriptions(source.subscriptions).toBe('^----!');
      });
    });

    it('gives a hop up once more than 64 KiB of chunks came, from a transport that decodes anyway', () => {
      const { letters, response } = body(302, 8);
      let delivered = 0;
      const source = new Observable<HttpEvent>((subscriber) => {
        subscriber.next(letters.h!);
        for (let i = 1; i <= 8; i++) {
          delivered = i;
          subscriber.next(letters[String.fromCharCode(0x40 + i)]!);
        }
        subscriber.next(letters.r!);
        subscriber.complete();
      });
      const continuedAt: number[] = [];
      const seen: string[] = [];
      source
        .pipe(
          takeOver(() => (done) => {
            continuedAt.push(delivered);
            expect(done).toBe(response);
            return of(after);
          }),
        )
        .subscribe({ next: (event) => seen.push(event.type), complete: () => seen.push('complete') });
      // The fifth 16 KiB chunk passes the bound: the hop is given up there, and what the
      // (synchronous) source still sends is ignored.
      expect(continuedAt).toEqual([5]);
      expect(seen).toEqual(['response', 'complete']);
      expect(response.isDiscarded).toBe(true);
    });
  });

  it('fails the stream and aborts the hop when decide throws', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const { events } = hop(500);
      const source = cold('s-h-a-b-(r|)', events);
      const boom = new Error('decide failed');
      const out = source.pipe(
        takeOver(() => {
          throw boom;
        }),
      );
      expectObservable(out).toBe('s-#', events, boom);
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('unsubscribes the continuation when the caller unsubscribes', () => {
    const { events } = hop(302);
    let torn = false;
    const endless = new Observable<HttpEvent>(() => () => {
      torn = true;
    });
    const subscription = of(events.s!, events.h!, events.r!)
      .pipe(takeOver(() => () => endless))
      .subscribe();
    expect(torn).toBe(false);
    subscription.unsubscribe();
    expect(torn).toBe(true);
  });

  it('completes without a continuation when the taken hop ends before its response', () => {
    const { events } = hop(302);
    const seen: string[] = [];
    let continued = false;
    of(events.s!, events.h!)
      .pipe(
        takeOver(() => () => {
          continued = true;
          return NEVER;
        }),
      )
      .subscribe({ next: (event) => seen.push(event.type), complete: () => seen.push('complete') });
    expect(seen).toEqual(['sent', 'complete']);
    expect(continued).toBe(false);
  });
});
