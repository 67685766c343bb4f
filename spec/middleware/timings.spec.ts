import { lastValueFrom, map, merge, type Observable, of, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { Client as BrowserClient } from '../../src/browser/client.ts';
import type { HttpEvent } from '../../src/events.ts';
import { Client } from '../../src/index.ts';
import { noteQueued } from '../../src/middleware/timeouts.ts';
import { TimedTransport } from '../../src/middleware/timings.ts';
import { DELIVERIES } from '../../src/models/delivery.ts';
import { Request } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';
import type { Timings } from '../../src/models/timings.ts';
import { MockTransport } from '../../src/transports/mock.ts';
import type { ConnectionStep, Transport, TransportEvent } from '../../src/transports/transport.ts';

const URL_ = 'https://example.com/';
const step = (name: ConnectionStep): TransportEvent => ({ type: 'connection', step: name });
const OPENED: TransportEvent = { type: 'connected', opened: true };
const REUSED: TransportEvent = { type: 'connected' };
const WRITTEN: TransportEvent = { type: 'written' };

/** A transport that plays `moments` ([virtual ms, event]) for every request, with a fresh response. */
function playing(moments: (response: Response) => [number, TransportEvent][]): Transport {
  return {
    handle: (request) => {
      const response = new Response(200, { request });
      return merge(...moments(response).map(([at, event]) => timer(at).pipe(map(() => event))));
    },
    close: async () => {},
    counts: () => ({ active: 1, idle: 2 }),
  };
}

const head = (response: Response): TransportEvent => ({ type: 'headers', response });
const end = (response: Response): TransportEvent => ({ type: 'response', response });

/** Runs `request` through the timed transport in virtual time: its events, when each came, and the response's timings. */
function run(transport: Transport, request: Request) {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  const seen: [number, TransportEvent][] = [];
  let atHead: Timings | undefined;
  let timings: Timings | undefined;
  scheduler.run(({ flush }) => {
    new TimedTransport(transport, scheduler).handle(request).subscribe((event) => {
      seen.push([scheduler.now(), event]);
      if (event.type === 'headers') atHead = event.response.timings;
      if (event.type === 'response') timings = event.response.timings;
    });
    flush();
  });
  return { seen, atHead, timings, types: seen.map(([, event]) => event.type) };
}

const get = (delivery = DELIVERIES.response) => new Request('GET', URL_, { extensions: { delivery } });
const post = () =>
  new Request('POST', URL_, { content: new Uint8Array(10), extensions: { delivery: DELIVERIES.response } });

/** A new https connection to a host name, every step a few ms apart. */
const fresh = (response: Response): [number, TransportEvent][] => [
  [1, step('socket')],
  [3, step('dns')],
  [6, step('tcp')],
  [10, step('tls')],
  [10, OPENED],
  [12, WRITTEN],
  [20, head(response)],
  [30, end(response)],
];

describe('TimedTransport', () => {
  it("measures got's phases of a new connection, exactly, in virtual time", () => {
    const { timings, atHead } = run(playing(fresh), post());
    expect(timings).toEqual({
      wait: 1,
      dns: 2,
      tcp: 3,
      tls: 4,
      request: 2,
      firstByte: 8,
      download: 10,
      total: 30,
    });
    expect(Object.isFrozen(timings)).toBe(true);
    // At the head the body is still to come.
    expect(atHead).toEqual({ ...timings, download: undefined, total: undefined });
  });

  it('gives a reused connection no dns, tcp or tls: the wait runs until it is connected', () => {
    const { timings } = run(
      playing((response) => [
        [4, REUSED],
        [5, WRITTEN],
        [9, head(response)],
        [10, end(response)],
      ]),
      post(),
    );
    expect(timings).toEqual({
      wait: 4,
      dns: undefined,
      tcp: undefined,
      tls: undefined,
      request: 1,
      firstByte: 4,
      download: 1,
      total: 10,
    });
  });

  it('drops the steps of a connection that turned out not to be the request’s', () => {
    const { timings } = run(
      playing((response) => [
        [1, step('socket')],
        [2, step('tcp')],
        [5, REUSED],
        [9, head(response)],
        [10, end(response)],
      ]),
      get(),
    );
    expect(timings).toMatchObject({ wait: 5, dns: undefined, tcp: undefined, tls: undefined });
  });

  it('has no dns for an IP address: tcp runs from the socket', () => {
    const { timings } = run(
      playing((response) => [
        [2, step('socket')],
        [7, step('tcp')],
        [7, OPENED],
        [8, head(response)],
        [8, end(response)],
      ]),
      get(),
    );
    expect(timings).toEqual({
      wait: 2,
      dns: undefined,
      tcp: 5,
      tls: undefined,
      request: 0,
      firstByte: 1,
      download: 0,
      total: 8,
    });
  });

  it('ends the request phase of a body-less request when it is connected', () => {
    const { timings } = run(
      playing((response) => [
        [3, REUSED],
        [9, head(response)],
        [9, end(response)],
      ]),
      get(),
    );
    expect(timings).toMatchObject({ wait: 3, request: 0, firstByte: 6, download: 0, total: 9 });
  });

  it('ends the request phase at the head when the server answers before the body is written', () => {
    const { timings } = run(
      playing((response) => [
        [1, REUSED],
        [4, head(response)],
        [6, WRITTEN],
        [7, end(response)],
      ]),
      post(),
    );
    expect(timings).toMatchObject({ wait: 1, request: 3, firstByte: 0, download: 3, total: 7 });
  });

  it('counts the wait in the client’s queue into wait and total, on the first attempt only', () => {
    const request = post();
    noteQueued(request, 7);
    const transport = playing((response) => [
      [2, REUSED],
      [3, WRITTEN],
      [4, head(response)],
      [5, end(response)],
    ]);
    expect(run(transport, request).timings).toMatchObject({ wait: 9, total: 12 });
    expect(run(transport, request).timings).toMatchObject({ wait: 2, total: 5 });
  });

  it('leaves out what a transport that says nothing of connections cannot tell', () => {
    const { timings } = run(
      playing((response) => [
        [4, head(response)],
        [6, end(response)],
      ]),
      get(),
    );
    expect(timings).toEqual({
      wait: undefined,
      dns: undefined,
      tcp: undefined,
      tls: undefined,
      request: undefined,
      firstByte: 4,
      download: 2,
      total: 6,
    });
  });

  it('tells each connection phase as it ends in events() and stream(), and consumes the steps', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const response = new Response(200);
      const transport: Transport = {
        handle: () =>
          cold<TransportEvent>('s 1ms n 2ms t 3ms (lc) 6ms r|', {
            s: step('socket'),
            n: step('dns'),
            t: step('tcp'),
            l: step('tls'),
            c: OPENED,
            r: end(response),
          }),
        close: async () => {},
      };
      const shown = new TimedTransport(transport, scheduler)
        .handle(get(DELIVERIES.events))
        .pipe(map((event) => (event.type === 'timing' ? `${event.phase} ${event.duration}` : event.type)));
      expectObservable(shown).toBe('2ms n 2ms t 3ms (lc) 6ms r|', {
        n: 'dns 2',
        t: 'tcp 3',
        l: 'tls 4',
        c: 'connected',
        r: 'response',
      });
    });
  });

  it('tells no phases to get(), whose consumer wants only the response', () => {
    const { types } = run(playing(fresh), get());
    expect(types).toEqual(['connected', 'written', 'headers', 'response']);
  });

  it('passes close and counts on to the transport', async () => {
    let closed = false;
    const timed = new TimedTransport(
      {
        handle: () => of(),
        close: async () => {
          closed = true;
        },
        counts: () => ({ active: 1, idle: 2 }),
      },
      new TestScheduler(() => {}),
    );
    expect(timed.counts()).toEqual({ active: 1, idle: 2 });
    await timed.close();
    expect(closed).toBe(true);
    expect(
      new TimedTransport({ handle: () => of(), close: async () => {} }, new TestScheduler(() => {})).counts(),
    ).toEqual({ active: 0, idle: 0 });
  });
});

describe('the Node client', () => {
  it('sets timings on every response, on its scheduler', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const transport = new MockTransport(
        () =>
          cold<HttpEvent | TransportEvent>('5ms c 3ms r|', {
            c: REUSED,
            r: { type: 'response', response: new Response(200, { text: 'ok' }) },
          }) as Observable<HttpEvent>,
      );
      const client = new Client({ transport, scheduler });
      expectObservable(client.get(URL_).pipe(map((response) => response.timings))).toBe('5ms - 3ms t|', {
        t: {
          wait: 5,
          dns: undefined,
          tcp: undefined,
          tls: undefined,
          request: 0,
          firstByte: undefined,
          download: undefined,
          total: 9,
        },
      });
    });
  });

  it('times a MockTransport answer too', async () => {
    const client = new Client({ transport: new MockTransport(() => new Response(200)) });
    const response = await lastValueFrom(client.get(URL_));
    expect(response.timings).toMatchObject({ dns: undefined, tcp: undefined, tls: undefined });
    expect(response.timings?.total).toBeGreaterThanOrEqual(0);
  });

  it('is the only one: the browser client’s responses have no timings (its bundle does not carry the code)', async () => {
    const browser = new BrowserClient({ transport: new MockTransport(() => new Response(200)) });
    expect((await lastValueFrom(browser.get(URL_))).timings).toBeUndefined();
  });
});
