import { NEVER, Observable, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
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

  it('hands the continuation the hop response with its body read', () => {
    const { response, events } = hop(302);
    let decided: Response | undefined;
    let finished: Response | undefined;
    let content: string | undefined;
    of(events.s!, events.h!, events.a!, events.b!, events.r!)
      .pipe(
        takeOver((seen) => {
          decided = seen;
          return (done) => {
            finished = done;
            content = done.text;
            return of();
          };
        }),
      )
      .subscribe();
    expect(decided).toBe(response);
    expect(finished).toBe(response);
    expect(content).toBe('abcd');
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
