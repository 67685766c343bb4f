import { EMPTY, map, type Observable, tap } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { RetryOption } from '../../src/config/retry.ts';
import {
  ConnectError,
  LocalProtocolError,
  ReadError,
  ReadTimeout,
  RemoteProtocolError,
  ResponseNotRead,
} from '../../src/errors.ts';
import type { HttpEvent, RetryEvent } from '../../src/events.ts';
import { compose } from '../../src/middleware/compose.ts';
import { retry } from '../../src/middleware/retry.ts';
import { Request } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';
import { MockTransport } from '../../src/transports/mock.ts';
import type { TransportEvent } from '../../src/transports/transport.ts';

type Cold = TestScheduler['createColdObservable'];
/** What the transport does on one attempt: its events, made with the run's `cold`. */
type Answer = (cold: Cold, request: Request) => Observable<HttpEvent>;

const get = new Request('GET', 'https://example.com/');
const encoder = new TextEncoder();

/** A response on the wire: `headers` at frame 1, a body chunk if any, `response`, complete. */
const status =
  (code: number, init: { headers?: Record<string, string>; body?: string } = {}): Answer =>
  (cold, request) => {
    const response = new Response(code, { headers: init.headers, request })._begin();
    const events: Record<string, HttpEvent> = {
      h: { type: 'headers', response },
      k: { type: 'chunk', data: encoder.encode(init.body ?? '') },
      r: { type: 'response', response },
    };
    return cold(init.body === undefined ? '-h-r|' : '-h-k-r|', events);
  };

/** An attempt failing at frame 2, before any response byte. */
const fails =
  (error: unknown): Answer =>
  (cold) =>
    cold<HttpEvent>('--#', undefined, error);

/** One letter per event: the attempt number for `sent`, `t` for `retry`. */
function letter(event: TransportEvent): string {
  if (event.type === 'sent') return String(event.attempt);
  const letters: Record<string, string> = {
    connected: 'c',
    headers: 'h',
    chunk: 'k',
    retry: 't',
    response: 'r',
  };
  return letters[event.type] ?? '?';
}

interface Run {
  /** The events as letters, for `expectObservable`; each event is also kept in `events`. */
  letters: Observable<string>;
  /** Every event seen, in order (complete once the run has flushed). */
  events: HttpEvent[];
  /** The requests the transport was handed. */
  handed: Request[];
}

type Helpers = Parameters<Parameters<TestScheduler['run']>[0]>[0];

/**
 * Runs `test` in virtual time with a transport that plays `answers` in turn (the last one
 * again once they run out), under `retry(option)` on the test scheduler. Without `test`, it
 * just subscribes. Returns the run, to check the recorded events after the flush.
 */
function marbles(
  option: RetryOption,
  answers: readonly Answer[],
  test?: (run: Run, helpers: Helpers) => void,
  request = get,
): Run {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  const run: Run = { letters: EMPTY, events: [], handed: [] };
  scheduler.run((helpers) => {
    const transport = new MockTransport((handed) => {
      run.handed.push(handed);
      return answers[Math.min(run.handed.length, answers.length) - 1]!(helpers.cold, handed);
    });
    run.letters = compose(transport, retry(option, { scheduler }))
      .handle(request)
      .pipe(
        tap((event) => run.events.push(event as HttpEvent)),
        map(letter),
      );
    if (test) test(run, helpers);
    else run.letters.subscribe({ error: () => {} });
  });
  return run;
}

const retryEvents = (events: readonly HttpEvent[]) =>
  events.filter((event): event is RetryEvent => event.type === 'retry');
const attempts = (events: readonly HttpEvent[]) =>
  events.flatMap((event) => (event.type === 'sent' ? [event.attempt] : []));

describe('retry', () => {
  describe('a listed status', () => {
    it('is retried after the exponential backoff, and every sent carries its attempt', () => {
      const run = marbles(
        { random: () => 1 },
        [status(503), status(503), status(200)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1 3ms t 499ms 2 3ms t 999ms 3h-r|');
        },
      );
      expect(attempts(run.events)).toEqual([1, 2, 3]);
      expect(run.handed).toHaveLength(3);
      expect(run.handed.every((handed) => handed === get)).toBe(true);
    });

    it('says retry before each delay: the attempt about to be made, the delay and the failed response', () => {
      const run = marbles({ random: () => 0 }, [status(503), status(502), status(200)]);
      const [first, second] = retryEvents(run.events);
      expect(retryEvents(run.events)).toHaveLength(2);
      expect(first).toEqual({ type: 'retry', attempt: 2, delay: 250, response: expect.any(Response) });
      expect(first!.response!.status).toBe(503);
      expect(second).toEqual({ type: 'retry', attempt: 3, delay: 500, response: expect.any(Response) });
      expect(second!.response!.status).toBe(502);
      expect('error' in first!).toBe(false);
    });

    it("discards the failed attempt's body (the retry event carries its response), and hides its events", () => {
      const run = marbles(1, [status(503, { body: 'busy' }), status(200)]);
      expect(run.events.map(letter).join('')).toBe('1t2hr');
      const [retried] = retryEvents(run.events);
      expect([retried!.response!.status, retried!.response!.isDiscarded]).toEqual([503, true]);
      expect(() => retried!.response!.content).toThrow(ResponseNotRead);
    });

    it('waits no longer than maxDelay', () => {
      marbles(
        { limit: 3, random: () => 1, maxDelay: 700 },
        [status(500), status(500), status(500), status(200)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1 3ms t 499ms 2 3ms t 699ms 3 3ms t 699ms 4h-r|');
        },
      );
    });

    it("uses a user's backoff as it returns, with the retry number", () => {
      const asked: number[] = [];
      const backoff = (n: number) => {
        asked.push(n);
        return 10 * n;
      };
      marbles({ backoff }, [status(429), status(429), status(200)], ({ letters }, { expectObservable }) => {
        expectObservable(letters).toBe('1 3ms t 9ms 2 3ms t 19ms 3h-r|');
      });
      expect(asked).toEqual([1, 2]);
    });

    it('passes statuses that are not listed through, as the only attempt', () => {
      const run = marbles(3, [status(404), status(200)], ({ letters }, { expectObservable }) => {
        expectObservable(letters).toBe('1h-r|');
      });
      expect(run.handed).toHaveLength(1);
    });

    it('retries only the statuses given', () => {
      marbles(
        { statusCodes: [404], backoff: () => 1 },
        [status(404), status(503)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1 3ms t2h-r|');
        },
      );
    });
  });

  describe('Retry-After', () => {
    it('in seconds replaces the backoff', () => {
      const run = marbles(
        { random: () => 1 },
        [status(503, { headers: { 'Retry-After': '2' } }), status(200)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1 3ms t 1999ms 2h-r|');
        },
      );
      expect(retryEvents(run.events)[0]!.delay).toBe(2000);
    });

    it("as an HTTP date counts from the scheduler's now", () => {
      // The first attempt ends at frame 4: five seconds after the epoch is 4996 ms away.
      const date = 'Thu, 01 Jan 1970 00:00:05 GMT';
      marbles(
        2,
        [status(429, { headers: { 'Retry-After': date } }), status(200)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1 3ms t 4995ms 2h-r|');
        },
      );
    });

    it('is capped by maxDelay', () => {
      const run = marbles(
        { maxDelay: 100 },
        [status(503, { headers: { 'Retry-After': '3600' } }), status(200)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1 3ms t 99ms 2h-r|');
        },
      );
      expect(retryEvents(run.events)[0]!.delay).toBe(100);
    });

    it('is ignored when respectRetryAfter is off', () => {
      marbles(
        { respectRetryAfter: false, backoff: () => 5 },
        [status(503, { headers: { 'Retry-After': '60' } }), status(200)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1 3ms t 4ms 2h-r|');
        },
      );
    });
  });

  describe('an error before any response byte', () => {
    it('is retried when it is a timeout or a network error, and the retry event carries it', () => {
      const refused = new ConnectError('refused');
      const slow = new ReadTimeout('slow');
      const run = marbles(
        { random: () => 1 },
        [fails(refused), fails(slow), status(200)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1 1ms t 499ms 2 1ms t 999ms 3h-r|');
        },
      );
      expect(retryEvents(run.events)).toEqual([
        { type: 'retry', attempt: 2, delay: 500, error: refused },
        { type: 'retry', attempt: 3, delay: 1000, error: slow },
      ]);
    });

    it('is retried when the server hung up without answering (RemoteProtocolError)', () => {
      const run = marbles({ backoff: () => 0 }, [fails(new RemoteProtocolError('closed')), status(200)]);
      expect(attempts(run.events)).toEqual([1, 2]);
      expect(run.events.at(-1)!.type).toBe('response');
    });

    it('is final when it is not worth repeating', () => {
      const invalid = new LocalProtocolError('bad header');
      const run = marbles(3, [fails(invalid), status(200)], ({ letters }, { expectObservable }) => {
        expectObservable(letters).toBe('1-#', undefined, invalid);
      });
      expect(run.handed).toHaveLength(1);
    });
  });

  describe('an error after the headers', () => {
    it('is never retried: a response byte arrived', () => {
      const reset = new ReadError('reset mid-body');
      const run = marbles(
        3,
        [
          (cold, request) => {
            const response = new Response(200, { request })._begin();
            return cold<HttpEvent>('-h-#', { h: { type: 'headers', response } }, reset);
          },
        ],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1h-#', undefined, reset);
        },
      );
      expect(run.handed).toHaveLength(1);
    });
  });

  describe('when the retries run out', () => {
    it('delivers the last response as it is', () => {
      const run = marbles(
        { limit: 2, backoff: () => 1 },
        [status(503)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1 3ms t 2 3ms t 3h-r|');
        },
      );
      expect(attempts(run.events)).toEqual([1, 2, 3]);
      const last = run.events.at(-1);
      expect(last?.type === 'response' && last.response.status).toBe(503);
    });

    it('raises the last error', () => {
      const errors = [new ConnectError('first'), new ConnectError('second')];
      const run = marbles(
        { limit: 1, backoff: () => 1 },
        errors.map((error) => fails(error)),
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1 1ms t 2-#', undefined, errors[1]);
        },
      );
      expect(run.handed).toHaveLength(2);
    });
  });

  describe('methods', () => {
    const post = new Request('POST', 'https://example.com/', { content: 'again?' });

    it('does not re-send a POST by default', () => {
      const run = marbles(
        3,
        [status(503), status(200)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1h-r|');
        },
        post,
      );
      expect(run.handed).toHaveLength(1);
    });

    it('re-sends a POST with a replayable body when methods include it (any case)', () => {
      const run = marbles(
        { methods: ['post'], backoff: () => 0 },
        [status(503), status(200)],
        undefined,
        post,
      );
      expect(attempts(run.events)).toEqual([1, 2]);
      expect(run.handed[1]!.content).toEqual(encoder.encode('again?'));
    });
  });

  describe('a body that can be read once', () => {
    it('is never sent again: the first outcome is final', () => {
      async function* once() {
        yield encoder.encode('only once');
      }
      const streamed = new Request('PUT', 'https://example.com/', { content: once() });
      expect(streamed.body?.replayable).toBe(false);
      const reset = new ConnectError('reset');
      const failed = marbles(
        3,
        [fails(reset), status(200)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1-#', undefined, reset);
        },
        streamed,
      );
      expect(failed.handed).toHaveLength(1);
      const unavailable = marbles(
        3,
        [status(503), status(200)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1h-r|');
        },
        streamed,
      );
      expect(unavailable.handed).toHaveLength(1);
    });
  });

  describe('cancelling', () => {
    it('during a backoff delay cancels it: nothing more is sent', () => {
      const run = marbles(
        { random: () => 1 },
        [status(503), status(200)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters, '^ 100ms !').toBe('1 3ms t');
        },
      );
      expect(run.handed).toHaveLength(1);
    });

    it('during a later attempt aborts that attempt', () => {
      const second = { subscriptions: [] as unknown[] };
      marbles(
        { backoff: () => 10 },
        [
          status(503),
          (cold) => {
            const hanging = cold<HttpEvent>('-');
            second.subscriptions = hanging.subscriptions;
            return hanging;
          },
        ],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters, '^ 20ms !').toBe('1 3ms t 9ms 2');
        },
      );
      expect(second.subscriptions).toEqual([{ subscribedFrame: 14, unsubscribedFrame: 21 }]);
    });
  });

  describe('off', () => {
    it.each<[string, RetryOption]>([
      ['retry(0)', 0],
      ['retry(null)', null],
      ['limit: 0', { limit: 0 }],
    ])('%s passes every request through once', (_name, option) => {
      const run = marbles(option, [status(503), status(200)], ({ letters }, { expectObservable }) => {
        expectObservable(letters).toBe('1h-r|');
      });
      expect(run.handed).toHaveLength(1);
    });
  });

  describe('the stream', () => {
    it('passes on events it does not know, as they are', () => {
      const unknown = { type: 'something-new', detail: 1 } as unknown as HttpEvent;
      const run = marbles(
        1,
        [
          (cold, request) => {
            const response = new Response(200, { request })._begin();
            const events: Record<string, HttpEvent> = {
              c: { type: 'connected' } as unknown as HttpEvent,
              x: unknown,
              h: { type: 'headers', response },
              r: { type: 'response', response },
            };
            return cold('-c-x-h-r|', events);
          },
        ],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1c-?-h-r|');
        },
      );
      expect(run.events[2]).toBe(unknown);
    });

    it('is cold: each subscription starts again from attempt 1', () => {
      const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      let handed = 0;
      const transport = new MockTransport(() => {
        handed++;
        return new Response(handed <= 2 ? 503 : 200);
      });
      const events$ = compose(transport, retry({ backoff: () => 0 }, { scheduler })).handle(get);
      expect(handed).toBe(0);
      const sent: number[] = [];
      scheduler.run(() => {
        events$.subscribe((event) => event.type === 'sent' && sent.push(event.attempt));
        events$.subscribe((event) => event.type === 'sent' && sent.push(event.attempt));
      });
      expect(sent).toEqual([1, 1, 2, 2]);
      expect(handed).toBe(4);
    });

    it('fails with a TypeError when a backoff returns no number of ms', () => {
      const run = marbles(
        { backoff: () => Number.NaN },
        [status(503)],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe(
            '1 3ms #',
            undefined,
            new TypeError('retry.backoff(1) must return a number of ms >= 0, not NaN'),
          );
        },
      );
      expect(run.handed).toHaveLength(1);
    });

    it('fails with the error a backoff throws', () => {
      const broken = new Error('backoff broke');
      marbles(
        {
          backoff: () => {
            throw broken;
          },
        },
        [fails(new ConnectError('refused'))],
        ({ letters }, { expectObservable }) => {
          expectObservable(letters).toBe('1-#', undefined, broken);
        },
      );
    });
  });

  describe('invalid options', () => {
    it('throw a TypeError when the middleware is made', () => {
      expect(() => retry(-1)).toThrow(TypeError);
      expect(() => retry({ statusCodes: [1000] })).toThrow(/retry.statusCodes/);
    });
  });
});
