import { readFileSync } from 'node:fs';
import {
  firstValueFrom,
  lastValueFrom,
  map,
  NEVER,
  Observable,
  type SchedulerLike,
  Subject,
  toArray,
} from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  Client,
  ClientClosed,
  type ClientOptions,
  ConnectError,
  type HttpEvent,
  InvalidUrl,
  LocalProtocolError,
  type Middleware,
  MockTransport,
  ReadError,
  Request,
  type RequestOptions,
  Response,
  ResponseNotRead,
  type Transport,
  type TransportEvent,
} from '../src/index.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A client over a MockTransport that records every request it is handed. */
function recordingClient(options: Omit<ClientOptions, 'transport'> = {}, body = 'ok') {
  const seen: Request[] = [];
  const transport = new MockTransport((request) => {
    seen.push(request);
    return new Response(200, { text: body });
  });
  return { client: new Client({ ...options, transport }), seen };
}

/** A transport that records how often it was closed and reports fixed pool counts. */
function countingTransport(counts?: { active: number; idle: number }) {
  const state = { closes: 0, handled: 0 };
  const transport: Transport = {
    handle: () =>
      new Observable<TransportEvent>(() => {
        state.handled++;
      }),
    close: async () => {
      state.closes++;
    },
    ...(counts ? { counts: () => counts } : {}),
  };
  return { transport, state };
}

const types = (events: HttpEvent[]) => events.map((event) => event.type);

describe('Client', () => {
  describe('merging the client configuration into a request', () => {
    it('combines client and request headers, the request winning per name', () => {
      const { client } = recordingClient({ headers: { 'X-Client': 'c', 'X-Both': 'client' } });
      const request = client.buildRequest('GET', 'https://example.com/', {
        headers: { 'x-both': 'request', 'X-Request': 'r' },
      });
      expect(request.headers.get('x-client')).toBe('c');
      expect(request.headers.getList('x-both')).toEqual(['request']);
      expect(request.headers.get('x-request')).toBe('r');
    });

    it('combines client and request params, the request winning per name', () => {
      const { client } = recordingClient({ params: { a: '1', shared: 'client' } });
      const request = client.buildRequest('GET', 'https://example.com/p', {
        params: { shared: 'request', b: '2' },
      });
      expect(request.url.search).toBe('?a=1&shared=request&b=2');
    });

    it("keeps the URL's own query and appends the params after it", () => {
      const { client } = recordingClient({ params: { c: '3' } });
      const request = client.buildRequest('GET', 'https://example.com/p?a=url&b=2', {
        params: { a: 'param' },
      });
      expect(request.url.search).toBe('?a=url&b=2&c=3&a=param');
    });

    it('sends the client params when the request has none', async () => {
      const { client, seen } = recordingClient({ params: { page: 2 } });
      await firstValueFrom(client.get('https://example.com/list'));
      expect(seen[0]!.url.href).toBe('https://example.com/list?page=2');
    });

    it('does not change the client headers or params when a request overrides them', () => {
      const { client } = recordingClient({ headers: { 'X-A': 'client' }, params: { a: 'client' } });
      client.buildRequest('GET', 'https://example.com/', { headers: { 'X-A': 'req' }, params: { a: 'req' } });
      expect(client.headers.get('x-a')).toBe('client');
      expect(client.params.get('a')).toBe('client');
    });

    it('uses later changes to client.headers for later requests', async () => {
      const { client, seen } = recordingClient();
      client.headers.set('X-Later', 'yes');
      await firstValueFrom(client.get('https://example.com/'));
      expect(seen[0]!.headers.get('x-later')).toBe('yes');
    });

    it.each([
      ['https://api.example.com/v1', '/users', 'https://api.example.com/v1/users'],
      ['https://api.example.com/v1', 'users', 'https://api.example.com/v1/users'],
      ['https://api.example.com/v1/', '/users?x=1', 'https://api.example.com/v1/users?x=1'],
      ['https://api.example.com/v1/', '../x', 'https://api.example.com/x'],
      ['https://api.example.com/v1', 'https://other.example.org/y', 'https://other.example.org/y'],
    ])('joins base %s and %s into %s', (baseUrl, url, expected) => {
      const { client } = recordingClient({ baseUrl });
      expect(client.buildRequest('GET', url).url.href).toBe(expected);
    });

    it('lets a URL object replace the base URL', () => {
      const { client } = recordingClient({ baseUrl: 'https://api.example.com/v1' });
      const request = client.buildRequest('GET', new URL('http://elsewhere.test/z'));
      expect(request.url.href).toBe('http://elsewhere.test/z');
    });

    it('sends a relative URL under the base URL through the transport', async () => {
      const { client, seen } = recordingClient({ baseUrl: 'https://api.example.com/v1' });
      await firstValueFrom(client.get('/users/7'));
      expect(seen[0]!.url.href).toBe('https://api.example.com/v1/users/7');
    });
  });

  describe('default headers', () => {
    it('starts with Accept, Accept-Encoding, Connection and User-Agent, in that order', () => {
      const { client } = recordingClient();
      expect([...client.headers]).toEqual([
        ['Accept', '*/*'],
        ['Accept-Encoding', 'gzip, deflate, br, zstd'],
        ['Connection', 'keep-alive'],
        ['User-Agent', `httprx/${version}`],
      ]);
    });

    it('sends Host first, then the default headers, then the client headers', async () => {
      const { client, seen } = recordingClient({ headers: { 'X-Team': 'core' } });
      await firstValueFrom(client.get('https://example.com:8443/'));
      expect([...seen[0]!.headers].map(([name]) => name)).toEqual([
        'Host',
        'Accept',
        'Accept-Encoding',
        'Connection',
        'User-Agent',
        'X-Team',
      ]);
      expect(seen[0]!.headers.get('host')).toBe('example.com:8443');
    });

    it('lets client options and requests replace a default header', () => {
      const { client } = recordingClient({ headers: { 'user-agent': 'mine/1' } });
      expect(client.headers.getList('User-Agent')).toEqual(['mine/1']);
      const request = client.buildRequest('GET', 'https://example.com/', {
        headers: { accept: 'text/html' },
      });
      expect(request.headers.getList('accept')).toEqual(['text/html']);
    });
  });

  describe('invalid input', () => {
    it('makes buildRequest throw InvalidUrl for a relative URL without a base', () => {
      const { client } = recordingClient();
      expect(() => client.buildRequest('GET', '/no-base')).toThrow(InvalidUrl);
    });

    it('makes buildRequest throw LocalProtocolError for a header with a line break', () => {
      const { client } = recordingClient();
      expect(() =>
        client.buildRequest('GET', 'https://example.com/', { headers: { 'X-Bad': 'a\r\nInjected: 1' } }),
      ).toThrow(LocalProtocolError);
    });

    it('makes buildRequest throw LocalProtocolError for an invalid method', () => {
      const { client } = recordingClient();
      expect(() => client.buildRequest('GE T', 'https://example.com/')).toThrow(LocalProtocolError);
    });

    it('delivers an invalid URL through the Observable of get(), not at call time', async () => {
      const { client, seen } = recordingClient();
      const response$ = client.get('/no-base');
      await expect(firstValueFrom(response$)).rejects.toBeInstanceOf(InvalidUrl);
      expect(seen).toHaveLength(0);
    });

    it('delivers a bad header through the Observable of events(), not at call time', async () => {
      const { client, seen } = recordingClient();
      const events$ = client.events('GET', 'https://example.com/', { headers: { 'X-Bad': 'a\nb' } });
      await expect(lastValueFrom(events$)).rejects.toBeInstanceOf(LocalProtocolError);
      expect(seen).toHaveLength(0);
    });

    it('throws TypeError at construction for an unknown client option', () => {
      const transport = new MockTransport(() => new Response(200));
      expect(() => new Client({ transport, retries: 3 } as ClientOptions)).toThrow(/"retries"/);
      expect(() => new Client({ transport, retries: 3 } as ClientOptions)).toThrow(TypeError);
    });

    it('delivers an unknown request option as a TypeError through the Observable', async () => {
      const { client, seen } = recordingClient();
      const response$ = client.get('https://example.com/', { follow: true } as RequestOptions);
      const error = await firstValueFrom(response$).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain('"follow"');
      expect(seen).toHaveLength(0);
    });

    it('delivers events() without a URL as a TypeError through the Observable', async () => {
      const { client } = recordingClient();
      const events$ = (client.events as unknown as (method: string) => Observable<HttpEvent>)('GET');
      await expect(lastValueFrom(events$)).rejects.toBeInstanceOf(TypeError);
    });
  });

  describe('cold Observables', () => {
    it('sends nothing until subscribed, and anew on each subscription', async () => {
      const { client, seen } = recordingClient();
      const response$ = client.get('https://example.com/');
      const events$ = client.events('GET', 'https://example.com/e');
      const stream$ = client.stream('GET', 'https://example.com/s');
      expect(seen).toHaveLength(0);
      await firstValueFrom(response$);
      await firstValueFrom(response$);
      await lastValueFrom(events$);
      await lastValueFrom(stream$);
      expect(seen.map((request) => request.url.pathname)).toEqual(['/', '/', '/e', '/s']);
    });

    it('builds a new request for each subscription', async () => {
      const { client, seen } = recordingClient();
      const response$ = client.get('https://example.com/');
      await firstValueFrom(response$);
      await firstValueFrom(response$);
      expect(seen[0]).not.toBe(seen[1]);
    });

    it('unsubscribes from the transport when the subscriber unsubscribes', () => {
      let teardowns = 0;
      const transport = new MockTransport(
        () =>
          new Observable<HttpEvent>(() => () => {
            teardowns++;
          }),
      );
      const client = new Client({ transport });
      const subscription = client.get('https://example.com/').subscribe();
      expect(teardowns).toBe(0);
      subscription.unsubscribe();
      expect(teardowns).toBe(1);
    });

    it('dispatches each verb with its method', async () => {
      const { client, seen } = recordingClient();
      const url = 'https://example.com/';
      for (const send of [
        () => client.get(url),
        () => client.head(url),
        () => client.options(url),
        () => client.delete(url),
        () => client.post(url),
        () => client.put(url),
        () => client.patch(url),
        () => client.request('PROPFIND', url),
      ]) {
        await firstValueFrom(send());
      }
      expect(seen.map((request) => request.method)).toEqual([
        'GET',
        'HEAD',
        'OPTIONS',
        'DELETE',
        'POST',
        'PUT',
        'PATCH',
        'PROPFIND',
      ]);
    });
  });

  describe('events()', () => {
    it('emits sent (attempt 1) first and response last, never connected', async () => {
      const { client, seen } = recordingClient({}, 'hello');
      const events = await lastValueFrom(client.events('GET', 'https://example.com/').pipe(toArray()));
      expect(types(events)).toEqual(['sent', 'headers', 'download', 'chunk', 'response']);
      const sent = events[0]!;
      expect(sent.type === 'sent' && sent.attempt).toBe(1);
      expect(sent.type === 'sent' && sent.request).toBe(seen[0]);
      const last = events.at(-1)!;
      expect(last.type === 'response' && text(last.response.content)).toBe('hello');
    });

    it('drops connected at the frame it arrives and keeps the other events at theirs', () => {
      const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      testScheduler.run(({ cold, expectObservable }) => {
        const response = new Response(200);
        const wire = cold<TransportEvent>('c-h-r|', {
          c: { type: 'connected' },
          h: { type: 'headers', response },
          r: { type: 'response', response },
        });
        const client = new Client({ transport: { handle: () => wire, close: async () => {} } });
        expectObservable(client.events('GET', 'https://example.com/').pipe(map((event) => event.type))).toBe(
          's-h-r|',
          { s: 'sent', h: 'headers', r: 'response' },
        );
      });
    });

    it('sends a request built beforehand with events(request)', async () => {
      const { client, seen } = recordingClient();
      const request = client.buildRequest('DELETE', 'https://example.com/item/1');
      const events = await lastValueFrom(client.events(request).pipe(toArray()));
      expect(seen).toEqual([request]);
      expect(events[0]).toEqual({ type: 'sent', request, attempt: 1 });
      expect(events.at(-1)?.type).toBe('response');
    });
  });

  describe('stream()', () => {
    it('delivers the body as chunks and leaves the final response unread', async () => {
      const { client } = recordingClient({}, 'streamed body');
      const events = await lastValueFrom(client.stream('GET', 'https://example.com/').pipe(toArray()));
      const chunk = events.find((event) => event.type === 'chunk');
      expect(chunk?.type === 'chunk' && text(chunk.data)).toBe('streamed body');
      const last = events.at(-1)!;
      if (last.type !== 'response') throw new Error(`last event is ${last.type}`);
      expect(last.response.isStreamed).toBe(true);
      expect(() => last.response.content).toThrow(ResponseNotRead);
    });
  });

  describe('per-request settings', () => {
    it('carries auth, followRedirects and timeout in extensions, null included', () => {
      const { client } = recordingClient();
      const request = client.buildRequest('GET', 'https://example.com/', {
        auth: null,
        followRedirects: true,
        timeout: 250,
        extensions: { mine: 1 },
      });
      expect(request.extensions).toEqual({ auth: null, followRedirects: true, timeout: 250, mine: 1 });
    });

    it('leaves extensions without the settings a request does not give', () => {
      const { client } = recordingClient();
      expect(client.buildRequest('GET', 'https://example.com/').extensions).toEqual({});
    });

    it('lets send() override them on a copy, leaving the built request unchanged', async () => {
      const { client, seen } = recordingClient();
      const request = client.buildRequest('GET', 'https://example.com/', { timeout: 100 });
      await firstValueFrom(client.send(request, { timeout: null, followRedirects: false }));
      expect(seen[0]?.extensions).toEqual({
        timeout: null,
        followRedirects: false,
        delivery: { body: 'buffer', progress: false },
      });
      expect(request.extensions).toEqual({ timeout: 100 });
    });
  });

  describe('send()', () => {
    it('reads the body by default', async () => {
      const { client } = recordingClient({}, 'read me');
      const response = await firstValueFrom(client.send(client.buildRequest('GET', 'https://example.com/')));
      expect(response.text).toBe('read me');
    });

    it('leaves the body unread with { stream: true }', async () => {
      const { client } = recordingClient({}, 'not kept');
      const request = client.buildRequest('GET', 'https://example.com/');
      const response = await firstValueFrom(client.send(request, { stream: true }));
      expect(response.status).toBe(200);
      expect(() => response.content).toThrow(ResponseNotRead);
    });

    it('emits exactly one response and completes', async () => {
      const { client } = recordingClient();
      const all = await lastValueFrom(
        client.send(client.buildRequest('GET', 'https://example.com/')).pipe(toArray()),
      );
      expect(all).toHaveLength(1);
      expect(all[0]).toBeInstanceOf(Response);
    });
  });

  describe('close()', () => {
    it('makes later requests error with ClientClosed on subscribe without reaching the transport', async () => {
      const { client, seen } = recordingClient();
      const madeBefore$ = client.get('https://example.com/before');
      await client.close();
      expect(client.isClosed).toBe(true);
      for (const response$ of [madeBefore$, client.get('https://example.com/after')]) {
        const error = await firstValueFrom(response$).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(ClientClosed);
        expect((error as ClientClosed).request.url.href).toMatch(/^https:\/\/example\.com\/(before|after)$/);
      }
      await expect(lastValueFrom(client.events('GET', 'https://example.com/'))).rejects.toBeInstanceOf(
        ClientClosed,
      );
      expect(seen).toHaveLength(0);
    });

    it('closes the transport once however often it is called', async () => {
      const { transport, state } = countingTransport();
      const client = new Client({ transport });
      await Promise.all([client.close(), client.close()]);
      await client.close();
      expect(state.closes).toBe(1);
    });

    it('makes every caller wait for the transport to finish closing', async () => {
      let finish: () => void = () => {};
      const transport: Transport = {
        handle: () => new Observable<TransportEvent>(),
        close: () => new Promise<void>((resolve) => (finish = resolve)),
      };
      const client = new Client({ transport });
      const settled: string[] = [];
      const first = client.close().then(() => settled.push('first'));
      const second = client.close().then(() => settled.push('second'));
      await Promise.resolve();
      expect(settled).toEqual([]);
      finish();
      await Promise.all([first, second]);
      expect(settled).toEqual(['first', 'second']);
    });

    it('closes the transport at the end of an `await using` block', async () => {
      const { transport, state } = countingTransport();
      {
        await using client = new Client({ transport });
        expect(client.isClosed).toBe(false);
        expect(state.closes).toBe(0);
      }
      expect(state.closes).toBe(1);
    });
  });

  describe('String(client)', () => {
    it("shows the transport's live counts", () => {
      const { transport } = countingTransport({ active: 2, idle: 3 });
      expect(String(new Client({ transport }))).toBe('<Client [2 active, 3 idle]>');
    });

    it('shows zero counts for a transport that keeps none', () => {
      const { client } = recordingClient();
      expect(String(client)).toBe('<Client [0 active, 0 idle]>');
    });
  });

  describe('defaultEncoding', () => {
    const latin1Body = new Uint8Array([0x63, 0x61, 0x66, 0xe9]); // "café" in windows-1252

    const clientWith = (defaultEncoding?: ClientOptions['defaultEncoding'], contentType?: string) =>
      new Client({
        ...(defaultEncoding === undefined ? {} : { defaultEncoding }),
        transport: new MockTransport(
          () =>
            new Response(200, {
              content: latin1Body,
              headers: contentType ? { 'Content-Type': contentType } : {},
            }),
        ),
      });

    it('decodes text as UTF-8 when not given', async () => {
      const response = await firstValueFrom(clientWith().get('https://example.com/'));
      expect(response.text).toBe('caf\uFFFD');
    });

    it('decodes text with the named encoding', async () => {
      const response = await firstValueFrom(clientWith('windows-1252').get('https://example.com/'));
      expect(response.text).toBe('café');
    });

    it('asks the callback for an encoding, passing it the body bytes', async () => {
      const given: Uint8Array[] = [];
      const pick = (bytes: Uint8Array) => {
        given.push(bytes);
        return 'windows-1252';
      };
      const response = await firstValueFrom(clientWith(pick).get('https://example.com/'));
      expect(response.text).toBe('café');
      expect(given.map((bytes) => [...bytes])).toEqual([[...latin1Body]]);
    });

    it('yields to a charset in the Content-Type', async () => {
      const client = clientWith('windows-1252', 'text/plain; charset=utf-8');
      const response = await firstValueFrom(client.get('https://example.com/'));
      expect(response.text).toBe('caf\uFFFD');
    });
  });

  describe('elapsed', () => {
    it('is the virtual time from subscription to the response on the client scheduler', () => {
      const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      testScheduler.run(({ cold, expectObservable }) => {
        const response = new Response(200, { text: 'late' });
        const wire = cold<TransportEvent>('10ms h 19ms (r|)', {
          h: { type: 'headers', response },
          r: { type: 'response', response },
        });
        const client = new Client({
          scheduler: testScheduler,
          transport: new MockTransport(() => wire as Observable<HttpEvent>),
        });
        const elapsed$ = client.get('https://example.com/').pipe(map((r) => r.elapsed));
        // Subscribed at frame 5, the response arrives 30 frames later.
        expectObservable(elapsed$, '5ms ^').toBe('35ms (e|)', { e: 30 });
      });
    });

    it('reads the clock of a hand-written scheduler at subscription and at the response', async () => {
      let clock = 1000;
      const scheduler = { now: () => clock, schedule: () => NEVER.subscribe() } as unknown as SchedulerLike;
      const wire = new Subject<HttpEvent>();
      const client = new Client({ scheduler, transport: new MockTransport(() => wire) });
      const response = firstValueFrom(client.get('https://example.com/'));
      clock = 1250;
      const answer = new Response(200, { text: 'x' });
      answer.request = new Request('GET', 'https://example.com/');
      wire.next({ type: 'response', response: answer });
      wire.complete();
      expect((await response).elapsed).toBe(250);
    });
  });

  describe('middleware', () => {
    it('runs user middleware outermost first, and events flow back innermost first', async () => {
      const order: string[] = [];
      const layer =
        (name: string): Middleware =>
        (request, next) => {
          order.push(`${name}:request`);
          return next(request).pipe(
            map((event) => {
              if (event.type === 'response') {
                order.push(`${name}:response`);
                event.response.headers.append('X-Seen-By', name);
              }
              return event;
            }),
          );
        };
      const transport = new MockTransport(() => {
        order.push('transport');
        return new Response(200);
      });
      const client = new Client({ transport, middleware: [layer('outer'), layer('inner')] });
      const response = await firstValueFrom(client.get('https://example.com/'));
      expect(order).toEqual([
        'outer:request',
        'inner:request',
        'transport',
        'inner:response',
        'outer:response',
      ]);
      expect(response.headers.getList('x-seen-by')).toEqual(['inner', 'outer']);
    });

    it('lets a middleware rewrite the request that reaches the transport', async () => {
      const seen: Request[] = [];
      const transport = new MockTransport((request) => {
        seen.push(request);
        return new Response(204);
      });
      const toV2: Middleware = (request, next) =>
        next(
          new Request(request.method, new URL(request.url.pathname.replace('/v1/', '/v2/'), request.url), {
            headers: request.headers,
          }),
        );
      const client = new Client({ transport, middleware: [toV2] });
      const events = await lastValueFrom(
        client.events('GET', 'https://example.com/v1/items').pipe(toArray()),
      );
      expect(seen.map((request) => request.url.pathname)).toEqual(['/v2/items']);
      const sent = events[0]!;
      expect(sent.type === 'sent' && sent.request.url.pathname).toBe('/v2/items');
      expect(seen[0]!.headers.get('user-agent')).toBe(`httprx/${version}`);
    });

    it('lets a middleware replace the response', async () => {
      const replace: Middleware = (request, next) =>
        next(request).pipe(
          map((event): TransportEvent => {
            if (event.type !== 'response') return event;
            const response = new Response(299, { text: 'replaced', request });
            return { type: 'response', response };
          }),
        );
      const client = new Client({
        transport: new MockTransport(() => new Response(200, { text: 'original' })),
        middleware: [replace],
      });
      const response = await firstValueFrom(client.get('https://example.com/'));
      expect(response.status).toBe(299);
      expect(response.text).toBe('replaced');
    });
  });

  describe('errors', () => {
    it('puts the request on an error the transport raised without one', async () => {
      const transport = new MockTransport(() => {
        throw new ConnectError('connection refused');
      });
      const client = new Client({ transport });
      const error = await firstValueFrom(client.get('https://example.com/down')).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ConnectError);
      expect((error as ConnectError).request.url.href).toBe('https://example.com/down');
    });

    it('keeps the request an error already carries', async () => {
      const original = new Request('GET', 'https://origin.example/');
      const client = new Client({
        transport: new MockTransport(() => Promise.reject(new ReadError('reset', original))),
      });
      const error = await firstValueFrom(client.get('https://example.com/')).catch(
        (caught: unknown) => caught,
      );
      expect((error as ReadError).request).toBe(original);
    });

    it('passes errors that are not request errors through unchanged', async () => {
      const boom = new RangeError('boom');
      const client = new Client({
        transport: new MockTransport(() => {
          throw boom;
        }),
      });
      await expect(firstValueFrom(client.get('https://example.com/'))).rejects.toBe(boom);
    });
  });
});
