import { config, lastValueFrom, map, Observable, of, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../src/events.ts';
import { Client } from '../../src/index.ts';
import { DELIVERIES, type Delivery } from '../../src/models/delivery.ts';
import { Request } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';
import { MockTransport } from '../../src/transports/mock.ts';
import type { TransportEvent } from '../../src/transports/transport.ts';

const request = new Request('GET', 'https://example.com/');
const letter: Record<TransportEvent['type'], string> = {
  connected: 'c',
  queued: 'q',
  connecting: 'o',
  written: 'w',
  received: 'v',
  connection: 'n',
  timing: 'i',
  sent: 's',
  upload: 'u',
  headers: 'h',
  download: 'd',
  chunk: 'k',
  redirect: 'x',
  retry: 't',
  response: 'r',
};
const letters = map((event: TransportEvent) => letter[event.type]);
const all = (transport: MockTransport, handled = request) =>
  lastValueFrom(transport.handle(handled).pipe(toArray()));

describe('MockTransport', () => {
  describe('a returned Response', () => {
    it('is played as connected, headers, download, chunk and response', async () => {
      const answer = new Response(200, { text: 'hello' });
      const events = await all(new MockTransport(() => answer));
      const played = (events[1] as { response: Response }).response;
      expect(events).toEqual([
        { type: 'connected' },
        { type: 'headers', response: played },
        { type: 'download', loaded: 5, total: 5 },
        { type: 'chunk', data: new TextEncoder().encode('hello') },
        { type: 'response', response: played },
      ]);
      expect(played.status).toBe(200);
      expect(played.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(played.numBytesDownloaded).toBe(5);
    });

    it('plays a copy whose body is unread at headers, leaving the answer as it was', async () => {
      const answer = new Response(200, { text: 'hello' });
      const transport = new MockTransport(() => answer);
      const first = (await all(transport))[1] as { response: Response };
      expect(first.response).not.toBe(answer);
      expect(first.response.isRead).toBe(false);
      expect(answer.text).toBe('hello');
      const second = (await all(transport))[1] as { response: Response };
      expect(second.response).not.toBe(first.response);
    });

    it('plays an empty body without download or chunk events', async () => {
      const events = await all(new MockTransport(() => new Response(204)));
      expect(events.map((event) => event.type)).toEqual(['connected', 'headers', 'response']);
    });

    it('appears in the frame of subscription, all events at once', () => {
      const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      testScheduler.run(({ expectObservable }) => {
        const transport = new MockTransport(() => new Response(200, { text: 'x' }));
        expectObservable(transport.handle(request).pipe(letters), '---^').toBe('---(chdkr|)');
      });
    });

    it('gets the request it answers when it has none', async () => {
      const events = await all(new MockTransport(() => new Response(200)));
      const played = (events.at(-1) as { response: Response }).response;
      expect(played.request).toBe(request);
      expect(played.url.href).toBe('https://example.com/');
    });

    it('keeps a request it was built with', async () => {
      const other = new Request('GET', 'https://other.example/');
      const events = await all(new MockTransport(() => new Response(200, { request: other })));
      expect((events.at(-1) as { response: Response }).response.request).toBe(other);
    });
  });

  describe("the request's delivery", () => {
    const withDelivery = (delivery: Delivery) =>
      new Request('GET', 'https://example.com/', { extensions: { delivery } });
    const hello = new TextEncoder().encode('hello');

    it('with buffer and no progress, plays connected, headers, received and response, the body read', async () => {
      const handled = withDelivery(DELIVERIES.response);
      const events = await all(new MockTransport(() => new Response(200, { text: 'hello' })), handled);
      const played = (events[1] as { response: Response }).response;
      expect(events).toEqual([
        { type: 'connected' },
        { type: 'headers', response: played },
        { type: 'received' },
        { type: 'response', response: played },
      ]);
      expect(played.isRead).toBe(true);
      expect(played.content).toEqual(hello);
      expect(played.numBytesDownloaded).toBe(5);
      expect(played.request).toBe(handled);
    });

    it('with buffer and no progress, reads an empty body with no received event', async () => {
      const events = await all(new MockTransport(() => new Response(204)), withDelivery(DELIVERIES.response));
      expect(events.map((event) => event.type)).toEqual(['connected', 'headers', 'response']);
      const played = (events.at(-1) as { response: Response }).response;
      expect(played.isRead).toBe(true);
      expect(played.content.byteLength).toBe(0);
    });

    it('with stream and no progress, plays the body as a chunk after received, unread', async () => {
      const events = await all(
        new MockTransport(() => new Response(200, { text: 'hello' })),
        withDelivery(DELIVERIES.unreadResponse),
      );
      const played = (events[1] as { response: Response }).response;
      expect(events).toEqual([
        { type: 'connected' },
        { type: 'headers', response: played },
        { type: 'received' },
        { type: 'chunk', data: hello },
        { type: 'response', response: played },
      ]);
      expect(played.isRead).toBe(false);
    });

    it.each([
      ['events', DELIVERIES.events],
      ['stream', DELIVERIES.stream],
    ])('with %s (progress), plays download and chunk as without a delivery, unread', async (_, delivery) => {
      const events = await all(
        new MockTransport(() => new Response(200, { text: 'hello' })),
        withDelivery(delivery),
      );
      const played = (events[1] as { response: Response }).response;
      expect(events).toEqual([
        { type: 'connected' },
        { type: 'headers', response: played },
        { type: 'download', loaded: 5, total: 5 },
        { type: 'chunk', data: hello },
        { type: 'response', response: played },
      ]);
      expect(played.isRead).toBe(false);
    });

    it('with none, plays every event and leaves the body unread (as before delivery)', async () => {
      const events = await all(new MockTransport(() => new Response(200, { text: 'hello' })));
      expect(events.map((event) => event.type)).toEqual([
        'connected',
        'headers',
        'download',
        'chunk',
        'response',
      ]);
      expect((events.at(-1) as { response: Response }).response.isRead).toBe(false);
    });

    it('leaves a Response returned every time as it was, whatever the delivery', async () => {
      const answer = new Response(200, { text: 'hello' });
      const transport = new MockTransport(() => answer);
      const first = (await all(transport, withDelivery(DELIVERIES.response))).at(-1) as {
        response: Response;
      };
      const second = (await all(transport, withDelivery(DELIVERIES.response))).at(-1) as {
        response: Response;
      };
      expect(first.response).not.toBe(answer);
      expect(second.response).not.toBe(first.response);
      expect(answer.text).toBe('hello');
      expect(second.response.content).toEqual(hello);
    });
  });

  describe('a returned Promise of a Response', () => {
    it('is played once it resolves', async () => {
      const response = new Response(201, { json: { id: 1 } });
      const events = await all(new MockTransport(async () => response));
      expect(events.map((event) => event.type)).toEqual([
        'connected',
        'headers',
        'download',
        'chunk',
        'response',
      ]);
      const played = (events.at(-1) as { response: Response }).response;
      expect(played.request).toBe(request);
      expect(played.status).toBe(201);
    });

    it('delivers a rejection as an error', async () => {
      const failure = new Error('no answer');
      await expect(all(new MockTransport(() => Promise.reject(failure)))).rejects.toBe(failure);
    });
  });

  describe('a returned Observable of events', () => {
    it('is passed through unchanged, without a connected event added', async () => {
      const response = new Response(200, { request });
      const events: HttpEvent[] = [
        { type: 'headers', response },
        { type: 'response', response },
      ];
      expect(await all(new MockTransport(() => of(...events)))).toEqual(events);
    });

    it('keeps its timing', () => {
      const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      testScheduler.run(({ cold, expectObservable }) => {
        const response = new Response(200, { request });
        const source = cold<HttpEvent>('-h--r|', {
          h: { type: 'headers', response },
          r: { type: 'response', response },
        });
        expectObservable(new MockTransport(() => source).handle(request).pipe(letters)).toBe('-h--r|', {
          h: 'h',
          r: 'r',
        });
      });
    });

    it('is unsubscribed when the caller unsubscribes', () => {
      let teardowns = 0;
      const transport = new MockTransport(
        () =>
          new Observable<HttpEvent>(() => () => {
            teardowns++;
          }),
      );
      transport.handle(request).subscribe().unsubscribe();
      expect(teardowns).toBe(1);
    });
  });

  describe('an answer that is no httprx Response', () => {
    /**
     * How a request through the transport ends: with its error, its events, or an error RxJS
     * could deliver nowhere (reported through `config.onUnhandledError`, which would otherwise
     * crash the process while the request never settles).
     */
    function outcome(
      source: MockTransport | Observable<unknown>,
    ): Promise<{ error?: unknown; unhandled?: unknown }> {
      const events = source instanceof MockTransport ? source.handle(request) : source;
      const previous = config.onUnhandledError;
      return new Promise<{ error?: unknown; unhandled?: unknown }>((resolve) => {
        config.onUnhandledError = (unhandled) => resolve({ unhandled });
        events.subscribe({
          error: (error: unknown) => resolve({ error }),
          complete: () => resolve({}),
        });
      }).finally(() => {
        config.onUnhandledError = previous;
      });
    }

    const fetchResponse = () => new globalThis.Response('hello', { status: 200 });
    const advice =
      "; return an httprx Response (import { Response } from 'httprx'), a Promise of one, or an Observable of events";

    it.each<[string, () => unknown, string]>([
      ['a global fetch Response', fetchResponse, 'a global fetch Response'],
      ['a plain object', () => ({ status: 200 }), 'an object'],
      ['undefined', () => undefined, 'undefined'],
      ['a string', () => 'ok', "'ok'"],
    ])(
      'fails the request when an async handler resolves to %s, saying what it got',
      async (_, answer, got) => {
        const transport = new MockTransport((async () => answer()) as () => Promise<Response>);
        const { error, unhandled } = await outcome(transport);
        expect(unhandled).toBeUndefined();
        expect(error).toEqual(new TypeError(`MockTransport handler's Promise resolved to ${got}${advice}`));
      },
    );

    it.each<[string, () => unknown, string]>([
      ['a global fetch Response', fetchResponse, 'a global fetch Response'],
      ['a plain object', () => ({ status: 200 }), 'an object'],
      ['undefined', () => undefined, 'undefined'],
    ])('fails the request when a handler returns %s, saying what it got', async (_, answer, got) => {
      const transport = new MockTransport(answer as () => Response);
      const { error, unhandled } = await outcome(transport);
      expect(unhandled).toBeUndefined();
      expect(error).toEqual(new TypeError(`MockTransport handler returned ${got}${advice}`));
    });

    it('fails a Client request with the same error, and the request settles', async () => {
      const client = new Client({
        transport: new MockTransport((async () => fetchResponse()) as unknown as () => Promise<Response>),
      });
      const { error, unhandled } = await outcome(client.get('http://example.com/'));
      expect(unhandled).toBeUndefined();
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(
        /^MockTransport handler's Promise resolved to a global fetch Response;/,
      );
    });
  });

  it('delivers an error the handler throws through the Observable', async () => {
    const failure = new Error('handler failed');
    const transport = new MockTransport(() => {
      throw failure;
    });
    const events$ = transport.handle(request);
    await expect(lastValueFrom(events$)).rejects.toBe(failure);
  });

  it('calls the handler on each subscription, not when handle() is called', async () => {
    const handled: Request[] = [];
    const transport = new MockTransport((given) => {
      handled.push(given);
      return new Response(200);
    });
    const events$ = transport.handle(request);
    expect(handled).toHaveLength(0);
    await lastValueFrom(events$);
    await lastValueFrom(events$);
    expect(handled).toEqual([request, request]);
  });

  it('closes without error', async () => {
    await expect(new MockTransport(() => new Response(200)).close()).resolves.toBeUndefined();
  });
});
