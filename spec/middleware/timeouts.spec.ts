import { catchError, map, type Observable, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { Timeout, type TimeoutOption } from '../../src/config/timeout.ts';
import { ConnectTimeout, PoolTimeout, ReadTimeout, TotalTimeout, WriteTimeout } from '../../src/errors.ts';
import type { HttpEvent } from '../../src/events.ts';
import { Client } from '../../src/index.ts';
import { compose } from '../../src/middleware/compose.ts';
import { deadline, timeouts } from '../../src/middleware/timeouts.ts';
import { Request } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';
import { MockTransport } from '../../src/transports/mock.ts';
import type { TransportEvent } from '../../src/transports/transport.ts';

const get = new Request('GET', 'https://example.com/');
const post = new Request('POST', 'https://example.com/upload', { content: new Uint8Array(1000) });
const response = new Response(200, { request: get });

/** Every event a marble below may use, by letter. */
const events: Record<string, TransportEvent> = {
  q: { type: 'queued' },
  o: { type: 'connecting' },
  c: { type: 'connected' },
  w: { type: 'written' },
  h: { type: 'headers', response },
  d: { type: 'download', loaded: 10 },
  k: { type: 'chunk', data: new Uint8Array(10) },
  r: { type: 'response', response },
  a: { type: 'upload', loaded: 400, total: 1000 },
  b: { type: 'upload', loaded: 800, total: 1000 },
  z: { type: 'upload', loaded: 1000, total: 1000 },
  x: { type: 'upload', loaded: 64 },
  y: { type: 'upload', loaded: 128 },
};

/** An error as a value: its class name and whether it carries the request. */
interface Failure {
  name: string;
  request: Request | undefined;
}

const failed = (name: string, request: Request): Failure => ({ name, request });

/** Turns an error into a last value, so a marble can show which class it was and when. */
function outcome(source: Observable<TransportEvent>): Observable<TransportEvent | Failure> {
  return source.pipe(
    catchError((error: unknown) =>
      of(failed((error as Error).name, (error as { request?: Request }).request as Request)),
    ),
  );
}

function marbles(
  body: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0], scheduler: TestScheduler) => void,
) {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run((helpers) => body(helpers, scheduler));
}

/**
 * A marble of what `timeouts()` passes on: the same frames, without the transport's internal
 * events (`q`, `o`, `c`, `w`), which it consumes. Outside a group such a letter becomes a
 * frame of silence; inside one it is taken out and its frame added after the group.
 */
function seen(marble: string): string {
  const internal = /[qocw]/;
  return marble.replace(/\([^)]*\)|[qocw]/g, (part) => {
    if (part.length === 1) return '-';
    const kept = [...part.slice(1, -1)].filter((letter) => !internal.test(letter)).join('');
    return kept === '' ? '-'.repeat(part.length) : `(${kept})${'-'.repeat(part.length - kept.length - 2)}`;
  });
}

/** `timeouts(option)` over a transport that plays `marble` (a cold Observable of the events above). */
function phaseTimed(
  option: TimeoutOption | undefined,
  request: Request,
  source: Observable<TransportEvent>,
  scheduler: TestScheduler,
): Observable<TransportEvent | Failure> {
  const layer = timeouts(option, { scheduler });
  return outcome(layer(request, () => source));
}

describe('timeouts()', () => {
  describe('read', () => {
    it('times out 50 ms after the last response event: headers at 30, no chunk by 80', () => {
      marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
        const source = cold('c 29ms h 59ms k', events);
        const expected = 'c 29ms h 49ms (e|)';
        expectObservable(phaseTimed({ read: 50 }, get, source, scheduler)).toBe(seen(expected), {
          ...events,
          e: failed('ReadTimeout', get),
        });
        // The transport is unsubscribed (the request aborted) at the very frame.
        expectSubscriptions(source.subscriptions).toBe('^ 79ms !');
      });
    });

    it('restarts on each response event, so a slow but steady body completes', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('c 40ms h 40ms d 40ms k 40ms d 40ms k 40ms (r|)', events);
        expectObservable(phaseTimed({ read: 50 }, get, source, scheduler)).toBe(
          seen('c 40ms h 40ms d 40ms k 40ms d 40ms k 40ms (r|)'),
          events,
        );
      });
    });

    it('bounds the wait for the headers after a bodiless request is connected', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('c', events);
        expectObservable(phaseTimed({ read: 50, connect: 1000 }, get, source, scheduler)).toBe(
          seen('c 49ms (e|)'),
          {
            ...events,
            e: failed('ReadTimeout', get),
          },
        );
      });
    });

    it('lets an event at the last frame before the limit through', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('c 48ms h 48ms (r|)', events);
        expectObservable(phaseTimed({ read: 50 }, get, source, scheduler)).toBe(
          seen('c 48ms h 48ms (r|)'),
          events,
        );
      });
    });

    it('stops timing once the response arrived, even if the stream stays open', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('c h r', events);
        const unsubscribe = '^ 10000ms !';
        expectObservable(phaseTimed(10, get, source, scheduler), unsubscribe).toBe(seen('c h r'), events);
      });
    });
  });

  describe('connect', () => {
    it('bounds the whole wait before connected when the transport says nothing else', () => {
      marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
        const source = cold('500ms c', events);
        expectObservable(phaseTimed({ connect: 100 }, get, source, scheduler)).toBe(seen('100ms (e|)'), {
          e: failed('ConnectTimeout', get),
        });
        expectSubscriptions(source.subscriptions).toBe('^ 99ms !');
      });
    });

    it('is not restarted by an event that does not end it', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('60ms u 60ms c', {
          u: { type: 'unknown-progress' } as unknown as TransportEvent,
        });
        expectObservable(phaseTimed({ connect: 100 }, get, source, scheduler)).toBe(
          seen('60ms u 39ms (e|)'),
          {
            u: { type: 'unknown-progress' },
            e: failed('ConnectTimeout', get),
          },
        );
      });
    });

    it('hands over to read at connected', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('90ms c 90ms h', events);
        expectObservable(phaseTimed({ connect: 100, read: 200 }, get, source, scheduler)).toBe(
          seen('90ms c 90ms h 199ms (e|)'),
          { ...events, e: failed('ReadTimeout', get) },
        );
      });
    });

    it('works under a MockTransport composed with it (the sent event is no progress)', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const transport = compose(
          new MockTransport(() => cold('1000ms c', events) as Observable<HttpEvent>),
          timeouts({ connect: 70 }, { scheduler }),
        );
        expectObservable(outcome(transport.handle(get) as Observable<HttpEvent>)).toBe('s 69ms (e|)', {
          s: { type: 'sent', request: get, attempt: 1 },
          e: failed('ConnectTimeout', get),
        });
      });
    });
  });

  describe('pool', () => {
    it('bounds the wait for a slot from queued', () => {
      marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
        const source = cold('10ms q 499ms o', events);
        expectObservable(phaseTimed({ pool: 200, connect: 1000 }, get, source, scheduler)).toBe(
          seen('10ms q 199ms (e|)'),
          {
            ...events,
            e: failed('PoolTimeout', get),
          },
        );
        expectSubscriptions(source.subscriptions).toBe('^ 209ms !');
      });
    });

    it('switches back to connect when the slot is granted', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('q 149ms o 499ms c', events);
        expectObservable(phaseTimed({ pool: 200, connect: 100 }, get, source, scheduler)).toBe(
          seen('q 149ms o 99ms (e|)'),
          { ...events, e: failed('ConnectTimeout', get) },
        );
      });
    });

    it('gives a long pool wait more than the connect limit', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('q 299ms o 49ms c h (r|)', events);
        expectObservable(phaseTimed({ pool: 400, connect: 100, read: 100 }, get, source, scheduler)).toBe(
          seen('q 299ms o 49ms c h (r|)'),
          events,
        );
      });
    });

    it('starts the connect clock again when the pool starts over on a fresh connection', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('c w 20ms o 500ms c', events);
        expectObservable(phaseTimed({ connect: 100, read: 1000 }, get, source, scheduler)).toBe(
          seen('c w 20ms o 99ms (e|)'),
          { ...events, e: failed('ConnectTimeout', get) },
        );
      });
    });
  });

  describe('write', () => {
    it('bounds each wait for the next upload progress', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('c 19ms a 39ms b 200ms z', events);
        expectObservable(phaseTimed({ write: 50, read: 1000 }, post, source, scheduler)).toBe(
          seen('c 19ms a 39ms b 49ms (e|)'),
          { ...events, e: failed('WriteTimeout', post) },
        );
      });
    });

    it('bounds the wait for the first upload progress after connected', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('c 100ms a', events);
        expectObservable(phaseTimed({ write: 30, read: 1000 }, post, source, scheduler)).toBe(
          seen('c 29ms (e|)'),
          {
            ...events,
            e: failed('WriteTimeout', post),
          },
        );
      });
    });

    it('ends when the upload reaches its total: the wait for the response is read time', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('c 9ms z 500ms h', events);
        expectObservable(phaseTimed({ write: 1000, read: 40 }, post, source, scheduler)).toBe(
          seen('c 9ms z 39ms (e|)'),
          {
            ...events,
            e: failed('ReadTimeout', post),
          },
        );
      });
    });

    it('ends at written for a body without a total (chunked)', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const chunked = new Request('POST', 'https://example.com/', {
          content: (async function* () {
            yield new Uint8Array(64);
          })(),
        });
        const source = cold('c 9ms x 9ms y 9ms w 500ms h', events);
        expectObservable(phaseTimed({ write: 1000, read: 40 }, chunked, source, scheduler)).toBe(
          seen('c 9ms x 9ms y 9ms w 39ms (e|)'),
          { ...events, e: failed('ReadTimeout', chunked) },
        );
      });
    });

    it('counts a wait without total or written as write time, up to the response', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('c 9ms x 80ms h', events);
        expectObservable(phaseTimed({ write: 100, read: 40 }, post, source, scheduler)).toBe(
          seen('c 9ms x 80ms h 39ms (e|)'),
          { ...events, e: failed('ReadTimeout', post) },
        );
      });
    });

    it('switches to read when the server answers before the body is all written', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('c 9ms a 9ms h 500ms b', events);
        expectObservable(phaseTimed({ write: 1000, read: 40 }, post, source, scheduler)).toBe(
          seen('c 9ms a 9ms h 39ms (e|)'),
          { ...events, e: failed('ReadTimeout', post) },
        );
      });
    });

    it('does not apply to a request without a body', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('c 100ms h 5ms (r|)', events);
        expectObservable(phaseTimed({ write: 10, read: 1000 }, get, source, scheduler)).toBe(
          seen('c 100ms h 5ms (r|)'),
          events,
        );
      });
    });
  });

  describe('null', () => {
    it('switches one phase off and leaves the others on', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const source = cold('c 5000ms h', events);
        const option = { read: null, connect: 10 };
        expectObservable(phaseTimed(option, get, source, scheduler)).toBe(seen('c 5000ms h'), events);
        const never = cold('5000ms c', events);
        expectObservable(phaseTimed(option, get, never, scheduler)).toBe(seen('10ms (e|)'), {
          e: failed('ConnectTimeout', get),
        });
      });
    });

    it('disables every phase for a request whose timeout is null, whatever the factory says', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const none = get.with({ extensions: { timeout: null } });
        const source = cold('q 3000ms o 3000ms c 3000ms h', events);
        // Nothing consumes the internal events then: they pass on, for the client's edge to drop.
        expectObservable(phaseTimed(10, none, source, scheduler)).toBe(
          'q 3000ms o 3000ms c 3000ms h',
          events,
        );
      });
    });

    it('passes the transport through untouched when every phase is off', () => {
      const source = of<HttpEvent>({ type: 'response', response });
      expect(timeouts(new Timeout(null))(get, () => source)).toBe(source);
      expect(
        timeouts({ connect: null, read: null, write: null, pool: null, total: 5 })(get, () => source),
      ).toBe(source);
    });
  });

  describe('per request', () => {
    it('a request timeout beats the factory default', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const own = get.with({ extensions: { timeout: { read: 50 } } });
        const source = cold('c 500ms h', events);
        expectObservable(phaseTimed({ read: 1000 }, own, source, scheduler)).toBe(seen('c 49ms (e|)'), {
          ...events,
          e: failed('ReadTimeout', own),
        });
      });
    });

    it('a request timeout replaces the factory default whole: its missing phases are 5000 ms', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const own = get.with({ extensions: { timeout: { read: 50 } } });
        const source = cold('6000ms c', events);
        expectObservable(phaseTimed({ connect: 10 }, own, source, scheduler)).toBe(seen('5000ms (e|)'), {
          e: failed('ConnectTimeout', own),
        });
      });
    });

    it('takes a number or a Timeout as well', () => {
      marbles(({ cold, expectObservable }, scheduler) => {
        const byNumber = get.with({ extensions: { timeout: 20 } });
        const byTimeout = get.with({ extensions: { timeout: new Timeout({ read: 30 }) } });
        const source = cold('c 500ms h', events);
        expectObservable(phaseTimed(1000, byNumber, source, scheduler)).toBe(seen('c 19ms (e|)'), {
          ...events,
          e: failed('ReadTimeout', byNumber),
        });
        expectObservable(phaseTimed(1000, byTimeout, source, scheduler)).toBe(seen('c 29ms (e|)'), {
          ...events,
          e: failed('ReadTimeout', byTimeout),
        });
      });
    });

    it('delivers an invalid request timeout as an error, never a throw', () => {
      const bad = get.with({ extensions: { timeout: { read: -1 } } });
      let error: unknown;
      timeouts()(bad, () => of()).subscribe({ error: (e: unknown) => (error = e) });
      expect(error).toEqual(
        new TypeError(
          'timeout.read must be a number of ms from 0 to 2147483647, or null for no limit, not -1',
        ),
      );
    });
  });

  it('leaves a query out of the message: it may hold secrets', () => {
    const scheduler = new TestScheduler(() => {});
    let error: unknown;
    const secret = new Request('GET', 'https://user:pw@example.com/slow?token=secret');
    scheduler.run(({ cold }) => {
      timeouts({ read: 5 }, { scheduler })(
        secret,
        () => cold('c', events) as Observable<HttpEvent>,
      ).subscribe({
        error: (e: unknown) => (error = e),
      });
    });
    expect((error as ReadTimeout).message).toBe(
      'GET https://example.com/slow?…: no response data within 5 ms (timeout.read)',
    );
  });

  it('raises errors that are the public classes, with the request and the limit in the message', () => {
    const scheduler = new TestScheduler(() => {});
    const seen: unknown[] = [];
    scheduler.run(({ cold }) => {
      const layer = timeouts({ pool: 1, connect: 2, write: 3, read: 4 }, { scheduler });
      for (const [request, marble] of [
        [get, 'q'],
        [get, '-'],
        [post, 'c'],
        [get, 'c'],
      ] as const)
        layer(request, () => cold(marble, events) as Observable<HttpEvent>).subscribe({
          error: (e: unknown) => seen.push(e),
        });
    });
    expect(seen.map((e) => (e as Error).constructor)).toEqual([
      PoolTimeout,
      ConnectTimeout,
      WriteTimeout,
      ReadTimeout,
    ]);
    expect((seen[3] as ReadTimeout).request).toBe(get);
    expect((seen as Error[]).map((error) => error.message)).toEqual([
      'GET https://example.com/: no free connection in the pool within 1 ms (timeout.pool)',
      'GET https://example.com/: the connection did not open within 2 ms (timeout.connect)',
      'POST https://example.com/upload: no progress writing the request body within 3 ms (timeout.write)',
      'GET https://example.com/: no response data within 4 ms (timeout.read)',
    ]);
  });
});

describe('deadline()', () => {
  const hop = (n: number) => ({
    type: 'redirect',
    response,
    request: new Request('GET', `https://example.com/${n}`),
  });
  const hops = { ...events, 1: hop(1), 2: hop(2) } as Record<string, TransportEvent>;

  function totalTimed(
    option: TimeoutOption | undefined,
    request: Request,
    source: Observable<TransportEvent>,
    scheduler: TestScheduler,
  ) {
    return outcome(deadline(option, { scheduler })(request, () => source));
  }

  it('bounds everything below it, across hops whose every event is in time', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold('c 29ms h 9ms 1 9ms c 29ms h 9ms 2 19ms c 29ms h 500ms (r|)', hops);
      expectObservable(totalTimed({ total: 100, read: 40 }, get, source, scheduler)).toBe(
        'c 29ms h 9ms 1 9ms c 29ms h 9ms 2 9ms (e|)',
        { ...hops, e: failed('TotalTimeout', get) },
      );
      expectSubscriptions(source.subscriptions).toBe('^ 99ms !');
    });
  });

  it('lets a request that ends in time through, and stops its clock', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const source = cold('c 29ms h 29ms (r|)', events);
      expectObservable(totalTimed({ total: 100 }, get, source, scheduler)).toBe('c 29ms h 29ms (r|)', events);
    });
  });

  it('does nothing without a total (the default)', () => {
    const source = of<HttpEvent>({ type: 'response', response });
    expect(deadline()(get, () => source)).toBe(source);
    expect(deadline(1000)(get, () => source)).toBe(source);
  });

  it('takes the request own total, and none for a null request timeout', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const own = get.with({ extensions: { timeout: { total: 30 } } });
      const none = get.with({ extensions: { timeout: null } });
      const source = cold('c 500ms (r|)', events);
      expectObservable(totalTimed({ total: 100 }, own, source, scheduler)).toBe('c 29ms (e|)', {
        ...events,
        e: failed('TotalTimeout', own),
      });
      expectObservable(totalTimed({ total: 100 }, none, source, scheduler)).toBe('c 500ms (r|)', events);
    });
  });

  it('raises a TotalTimeout, a TimeoutError with the request', () => {
    const scheduler = new TestScheduler(() => {});
    let error: unknown;
    scheduler.run(({ cold }) => {
      deadline({ total: 5 }, { scheduler })(get, () => cold('-') as Observable<HttpEvent>).subscribe({
        error: (e: unknown) => (error = e),
      });
    });
    expect(error).toBeInstanceOf(TotalTimeout);
    expect((error as TotalTimeout).request).toBe(get);
    expect((error as TotalTimeout).message).toBe(
      'GET https://example.com/: the request did not complete within 5 ms (timeout.total)',
    );
  });
});

describe('in a Client, in virtual time', () => {
  const typesOf = (source: Observable<HttpEvent>) =>
    source.pipe(
      map((event) => event.type),
      catchError((error: unknown) => of((error as Error).name)),
    );

  function clientOver(source: Observable<TransportEvent>, timeout: TimeoutOption, scheduler: TestScheduler) {
    const transport = new MockTransport(() => source as Observable<HttpEvent>);
    return new Client({ transport, timeout, scheduler });
  }

  it('bounds each phase from the transport events, which never reach the user', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const source = cold('q 9ms o 9ms c 9ms w 9ms h 99ms k', events);
      const client = clientOver(source, { pool: 100, connect: 100, read: 50 }, scheduler);
      expectObservable(typesOf(client.events('GET', 'https://example.com/'))).toBe('s 39ms h 49ms (e|)', {
        s: 'sent',
        h: 'headers',
        e: 'ReadTimeout',
      });
    });
  });

  it('lets a request option replace the client timeout', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const source = cold('c 99ms h 9ms (r|)', events);
      const client = clientOver(source, { read: 50 }, scheduler);
      const events$ = client.events('GET', 'https://example.com/', { timeout: { read: 200 } });
      expectObservable(typesOf(events$)).toBe('s 99ms h 9ms (r|)', {
        s: 'sent',
        h: 'headers',
        r: 'response',
      });
    });
  });

  it('applies the total deadline above the phase timeouts', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const source = cold('c 9ms h 9ms k 9ms k 9ms k 9ms k 9ms k', events);
      const client = clientOver(source, { read: 50, total: 45 }, scheduler);
      expectObservable(typesOf(client.events('GET', 'https://example.com/'))).toBe(
        's 9ms h 9ms k 9ms k 9ms k 4ms (e|)',
        { s: 'sent', h: 'headers', k: 'chunk', e: 'TotalTimeout' },
      );
    });
  });
});
