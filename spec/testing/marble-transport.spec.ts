/**
 * MarbleTransport: answers declared as marbles, run frame by frame by a TestScheduler (plain
 * `TestScheduler.run` and rxjs-marbles), with httprx's Client on the same scheduler so its
 * timeouts, retry backoff, Retry-After and deadline are virtual too.
 */
import { catchError, map, type Observable, of, takeUntil, tap } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { marbles } from 'rxjs-marbles';
import { describe, expect, it } from 'vitest';
import { Client, type ClientOptions, type HttpEvent, Response } from '../../src/index.ts';
import { MarbleTransport } from '../../src/node/testing.ts';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

function clientOver(
  transport: MarbleTransport,
  testScheduler: TestScheduler,
  options: ClientOptions = {},
): Client {
  return new Client({
    baseUrl: 'https://api.test',
    transport,
    scheduler: testScheduler,
    retry: 0,
    ...options,
  });
}

/** Each event as `frame type`, with its bytes for download events. */
function timeline(events: Observable<HttpEvent>, at: TestScheduler, log: string[]): Observable<HttpEvent> {
  return events.pipe(
    tap((event) =>
      log.push(`${at.now()} ${event.type === 'download' ? `download ${event.loaded}` : event.type}`),
    ),
  );
}

const failure = catchError((error: Error) => of(`${error.name}: ${error.message}`));

describe('MarbleTransport', () => {
  it('plays a head, two chunks and the response at completion, each at its frame', () => {
    const at = scheduler();
    const log: string[] = [];
    at.run(() => {
      const transport = new MarbleTransport(at);
      transport.on('/file', '-h-c-c-|', { h: { status: 200, headers: { 'Content-Length': '4' } }, c: 'ab' });
      timeline(clientOver(transport, at).events('GET', '/file'), at, log).subscribe();
    });
    expect(log).toEqual([
      '0 sent',
      '1 headers',
      '3 download 2',
      '3 chunk',
      '5 download 4',
      '5 chunk',
      '7 response',
    ]);
  });

  it('gives get() the whole body, read from the chunks', () => {
    const at = scheduler();
    at.run(({ expectObservable }) => {
      const transport = new MarbleTransport(at);
      transport.on({ method: 'GET', url: '/greeting' }, '-h-a-b|', {
        h: { status: 200 },
        a: 'hel',
        b: new TextEncoder().encode('lo'),
      });
      expectObservable(
        clientOver(transport, at)
          .get('/greeting')
          .pipe(map((r) => r.text)),
      ).toBe('------(t|)', {
        t: 'hello',
      });
    });
  });

  it('proves by its subscription log that a retry subscribed again after its backoff', () => {
    const at = scheduler();
    at.run(({ expectObservable, expectSubscriptions }) => {
      const transport = new MarbleTransport(at);
      const ok = new Response(200, { text: 'ok' });
      const route = transport.on('/flaky', ['--#', '-r|'], { r: ok });
      const client = clientOver(transport, at, { retry: { limit: 2, backoff: () => 10 } });
      expectObservable(client.get('/flaky').pipe(map((r) => r.text))).toBe('13ms (t|)', { t: 'ok' });
      expectSubscriptions(route.subscriptions).toBe(['^-!', '12ms ^!']);
    });
  });

  it('fails with a ConnectError before the head and a ReadError after it, unless the marble names its error', () => {
    const at = scheduler();
    at.run(({ expectObservable }) => {
      const transport = new MarbleTransport(at);
      transport.on('/down', '--#');
      transport.on('/cut', '-h-#', { h: { status: 200 } });
      transport.on('/own', '-#', {}, new TypeError('boom'));
      const client = clientOver(transport, at);
      expectObservable(client.get('/down').pipe(failure)).toBe('--(e|)', {
        e: 'ConnectError: GET https://api.test/down: the marble failed (#) before a response head',
      });
      expectObservable(client.get('/cut').pipe(failure)).toBe('---(e|)', {
        e: 'ReadError: GET https://api.test/cut: the marble failed (#) during the response body',
      });
      expectObservable(client.get('/own').pipe(failure)).toBe('-(e|)', { e: 'TypeError: boom' });
    });
  });

  it('unsubscribes when the client cancels: the log shows where', () => {
    const at = scheduler();
    at.run(({ hot, expectObservable, expectSubscriptions }) => {
      const transport = new MarbleTransport(at);
      const route = transport.on('/slow', '------h|', { h: { status: 204 } });
      const stop = hot('---x');
      expectObservable(clientOver(transport, at).get('/slow').pipe(takeUntil(stop))).toBe('---|');
      expectSubscriptions(route.subscriptions).toBe(['^--!']);
    });
  });

  it('times the read phase from the head: silence after it is a ReadTimeout at its frame', () => {
    const at = scheduler();
    at.run(({ expectObservable }) => {
      const transport = new MarbleTransport(at);
      transport.on('/stalls', '-h', { h: { status: 200 } });
      const client = clientOver(transport, at, { timeout: { read: 5 } });
      expectObservable(client.get('/stalls').pipe(failure)).toBe('6ms (e|)', {
        e: expect.stringMatching(/^ReadTimeout: /),
      });
    });
  });

  it('leaves connecting to the marble with connected: false, so the connect timeout fires', () => {
    const at = scheduler();
    at.run(({ expectObservable }) => {
      const transport = new MarbleTransport(at);
      transport.on(
        '/unreachable',
        '-----c-r|',
        { c: { type: 'connected' }, r: new Response(200) },
        undefined,
        {
          connected: false,
        },
      );
      const client = clientOver(transport, at, { timeout: { connect: 3 } });
      expectObservable(client.get('/unreachable').pipe(failure)).toBe('3ms (e|)', {
        e: expect.stringMatching(/^ConnectTimeout: /),
      });
    });
  });

  it('waits out a Retry-After in virtual time', () => {
    const at = scheduler();
    at.run(({ expectObservable, expectSubscriptions }) => {
      const transport = new MarbleTransport(at);
      const busy = new Response(503, { headers: { 'Retry-After': '2' } });
      const route = transport.on('/busy', ['-b|', '-r|'], {
        b: busy,
        r: new Response(200, { text: 'served' }),
      });
      const client = clientOver(transport, at, { retry: 1 });
      expectObservable(client.get('/busy').pipe(map((r) => r.text))).toBe('2002ms (t|)', { t: 'served' });
      expectSubscriptions(route.subscriptions).toBe(['^!', '2001ms ^!']);
    });
  });

  it('ends a slow body at the total deadline', () => {
    const at = scheduler();
    at.run(({ expectObservable }) => {
      const transport = new MarbleTransport(at);
      transport.on('/drip', '-h-c-c-c-c-c-c-c|', { h: { status: 200 }, c: 'x' });
      const client = clientOver(transport, at, { timeout: { read: 5, total: 10 } });
      expectObservable(client.get('/drip').pipe(failure)).toBe('10ms (e|)', {
        e: expect.stringMatching(/^TotalTimeout: /),
      });
    });
  });

  it('passes transport events as they are: upload progress before the answer', () => {
    const at = scheduler();
    const log: string[] = [];
    at.run(() => {
      const transport = new MarbleTransport(at);
      transport.on({ method: 'POST' }, 'a-b-r|', {
        a: { type: 'upload', loaded: 2, total: 4 },
        b: { type: 'upload', loaded: 4, total: 4 },
        r: new Response(201),
      });
      const events = clientOver(transport, at).events('POST', '/up', { content: 'abcd' });
      events
        .pipe(map((e) => (e.type === 'upload' ? `${at.now()} upload ${e.loaded}` : `${at.now()} ${e.type}`)))
        .subscribe((line) => log.push(line));
    });
    expect(log).toEqual(['0 sent', '0 upload 2', '2 upload 4', '4 headers', '4 response']);
  });

  it(
    'runs under rxjs-marbles: m.scheduler, m.expect and the scheduler’s expectSubscriptions',
    marbles((m) => {
      const transport = new MarbleTransport(m.scheduler);
      const route = transport.on('/items', ['-#', '--r|'], { r: new Response(200, { json: [1, 2] }) });
      const client = clientOver(transport, m.scheduler, { retry: { limit: 1, backoff: () => 3 } });
      m.expect(client.get('/items').pipe(map((r) => r.json()))).toBeObservable('6ms (j|)', { j: [1, 2] });
      m.scheduler.expectSubscriptions(route.subscriptions).toBe(['^!', '4ms ^-!']);
    }),
  );

  it('fails a request no route matches, naming the routes', () => {
    const at = scheduler();
    at.run(({ expectObservable }) => {
      const transport = new MarbleTransport(at);
      transport.on({ method: 'GET', url: '/a' }, '-r|', { r: new Response(200) });
      transport.on(/\/b$/, '-r|', { r: new Response(200) });
      expectObservable(clientOver(transport, at).get('/c').pipe(failure)).toBe('(e|)', {
        e: 'Error: MarbleTransport has no route for GET https://api.test/c (routes: GET /a; /\\/b$/)',
      });
    });
  });

  it('names what is wrong: no TestScheduler, a bad value, a body before the head, an unknown option', () => {
    expect(() => new MarbleTransport({} as never)).toThrow(
      "new MarbleTransport(scheduler) takes a TestScheduler (rxjs/testing, or rxjs-marbles' m.scheduler), not an object",
    );
    const at = scheduler();
    const transport = new MarbleTransport(at);
    expect(() => transport.on('/x', '-a|', { a: 42 as never })).toThrow(
      "MarbleTransport value 'a' is 42: give a head ({ status, headers }), a body piece (a string or bytes), a Response or a transport event ({ type: … })",
    );
    expect(() => transport.on('/x', [] as never)).toThrow(
      'MarbleTransport.on takes a marble string or a list of them, not an empty array',
    );
    expect(() => transport.on('/x', '-|', {}, undefined, { connect: false } as never)).toThrow(
      'Unknown MarbleTransport.on option "connect"',
    );
    at.run(({ expectObservable }) => {
      const early = new MarbleTransport(at);
      early.on('/x', '-c|', { c: 'body' });
      expectObservable(clientOver(early, at).get('/x').pipe(failure)).toBe('-(e|)', {
        e: 'TypeError: MarbleTransport: a body piece came before a head for GET https://api.test/x; put a head such as { status: 200 } first',
      });
    });
  });
});
