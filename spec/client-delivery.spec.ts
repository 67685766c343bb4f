import { lastValueFrom, tap, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  Client,
  type ClientOptions,
  type HttpEvent,
  type Middleware,
  MockTransport,
  Request,
  Response,
} from '../src/index.ts';
import { DELIVERIES } from '../src/models/delivery.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const BODY = 'hello, delivery';

/**
 * A client over a MockTransport whose outermost user middleware records the requests it is
 * handed and the type of every event that passes it; the transport records what it is handed.
 */
function recordingClient(options: Omit<ClientOptions, 'transport' | 'middleware'> = {}) {
  const atTransport: Request[] = [];
  const atMiddleware: Request[] = [];
  const types: string[] = [];
  const recorder: Middleware = (request, next) => {
    atMiddleware.push(request);
    return next(request).pipe(tap((event) => types.push(event.type)));
  };
  const transport = new MockTransport((request) => {
    atTransport.push(request);
    if (request.url.pathname === '/from')
      return new Response(302, { headers: { location: '/to' }, text: 'moved' });
    return new Response(200, { text: BODY });
  });
  const client = new Client({ ...options, transport, middleware: [recorder] });
  return { client, atTransport, atMiddleware, types };
}

const url = 'https://example.com/body';
const last = (events: HttpEvent[]) => (events.at(-1) as Extract<HttpEvent, { type: 'response' }>).response;

describe('the delivery the client asks of the transport, as a user middleware sees it', () => {
  it('get(): only sent, headers and response pass the user middleware, and the body is read', async () => {
    const { client, atTransport, types } = recordingClient();
    const response = await lastValueFrom(client.get(url));
    expect(types).toEqual(['sent', 'headers', 'response']);
    expect(response.isRead).toBe(true);
    expect(response.text).toBe(BODY);
    expect(response.numBytesDownloaded).toBe(BODY.length);
    expect(atTransport).toHaveLength(1);
    expect(atTransport[0]!.extensions.delivery).toBe(DELIVERIES.response);
  });

  it.each(['head', 'options', 'delete', 'post', 'put', 'patch'] as const)(
    '%s() asks for the body buffered without progress, as get() does',
    async (verb) => {
      const { client, atTransport, types } = recordingClient();
      const response = await lastValueFrom(client[verb](url));
      expect(types).toEqual(['sent', 'headers', 'response']);
      expect(atTransport[0]!.extensions.delivery).toBe(DELIVERIES.response);
      expect(response.text).toBe(BODY);
    },
  );

  it('events(): sent, headers, download, chunk and response pass the user middleware, the final body read', async () => {
    const { client, atTransport, types } = recordingClient();
    const events = await lastValueFrom(client.events('GET', url).pipe(toArray()));
    expect(types).toEqual(['sent', 'headers', 'download', 'chunk', 'response']);
    expect(events.map((event) => event.type)).toEqual(types);
    expect(atTransport[0]!.extensions.delivery).toBe(DELIVERIES.events);
    const response = last(events);
    expect(response.isRead).toBe(true);
    expect(response.text).toBe(BODY);
  });

  it('stream(): the same events, the final response streamed (its body only in the chunks)', async () => {
    const { client, atTransport, types } = recordingClient();
    const events = await lastValueFrom(client.stream('GET', url).pipe(toArray()));
    expect(types).toEqual(['sent', 'headers', 'download', 'chunk', 'response']);
    expect(events.map((event) => event.type)).toEqual(types);
    expect(atTransport[0]!.extensions.delivery).toBe(DELIVERIES.stream);
    const response = last(events);
    expect(response.isStreamed).toBe(true);
    expect(response.isRead).toBe(false);
    const chunk = events.find((event) => event.type === 'chunk') as Extract<HttpEvent, { type: 'chunk' }>;
    expect(text(chunk.data)).toBe(BODY);
  });

  it('get() with extensions of its own: the call still asks for the body buffered, and the given object is left alone', async () => {
    const { client, atTransport, types } = recordingClient();
    const extensions = { delivery: DELIVERIES.stream, mine: 1 };
    const response = await lastValueFrom(client.get(url, { extensions }));
    expect(atTransport[0]!.extensions.delivery).toBe(DELIVERIES.response);
    expect(atTransport[0]!.extensions.mine).toBe(1);
    expect(extensions).toEqual({ delivery: DELIVERIES.stream, mine: 1 });
    expect(types).toEqual(['sent', 'headers', 'response']);
    expect(response.text).toBe(BODY);
  });

  it('every hop of a followed redirect carries the delivery of the call', async () => {
    const { client, atTransport, types } = recordingClient({ followRedirects: true });
    const response = await lastValueFrom(client.get('https://example.com/from'));
    expect(response.text).toBe(BODY);
    expect(atTransport.map((request) => request.url.pathname)).toEqual(['/from', '/to']);
    for (const request of atTransport) expect(request.extensions.delivery).toBe(DELIVERIES.response);
    expect(response.history.map((hop) => hop.status)).toEqual([302]);
    expect(response.history[0]!.isDiscarded).toBe(true);
    // The redirects layer turns the first hop into a redirect event: no body event of it passes.
    expect(types).toEqual(['sent', 'redirect', 'sent', 'headers', 'response']);
  });

  describe('with every phase timeout off (no layer consumes the internal events)', () => {
    it('get() still reads the body; the internal events pass the user middleware but not the user', async () => {
      const { client, types } = recordingClient({ timeout: null });
      const response = await lastValueFrom(client.get(url));
      expect(response.text).toBe(BODY);
      expect(types).toEqual(['sent', 'connected', 'headers', 'received', 'response']);
    });

    it('events() emits no internal event to the user', async () => {
      const { client } = recordingClient({ timeout: null });
      const events = await lastValueFrom(client.events('GET', url).pipe(toArray()));
      expect(events.map((event) => event.type)).toEqual(['sent', 'headers', 'download', 'chunk', 'response']);
    });
  });

  describe('a request built beforehand', () => {
    it('send(request) without settings passes the very same Request, with every event, and reads the body', async () => {
      const { client, atTransport, atMiddleware, types } = recordingClient();
      const request = client.buildRequest('GET', url);
      const response = await lastValueFrom(client.send(request));
      expect(atMiddleware[0]).toBe(request);
      expect(atTransport[0]).toBe(request);
      expect(response.request).toBe(request);
      expect(Object.hasOwn(request.extensions, 'delivery')).toBe(false);
      // No delivery: the transport emits every event.
      expect(types).toEqual(['sent', 'headers', 'download', 'chunk', 'response']);
      expect(response.isRead).toBe(true);
      expect(response.text).toBe(BODY);
    });

    it('send(request, { timeout }) passes a copy carrying the delivery, leaving the original as it was', async () => {
      const { client, atTransport, atMiddleware, types } = recordingClient();
      const request = new Request('GET', url, { extensions: { mine: 'kept' } });
      const before = { ...request.extensions };
      const response = await lastValueFrom(client.send(request, { timeout: 1000 }));
      const sent = atMiddleware[0]!;
      expect(sent).not.toBe(request);
      expect(atTransport[0]).toBe(sent);
      expect(sent.extensions).toEqual({ mine: 'kept', timeout: 1000, delivery: DELIVERIES.response });
      expect(sent.extensions.delivery).toBe(DELIVERIES.response);
      expect(request.extensions).toEqual(before);
      expect(Object.hasOwn(request.extensions, 'delivery')).toBe(false);
      expect(types).toEqual(['sent', 'headers', 'response']);
      expect(response.text).toBe(BODY);
    });

    it('send(request, { stream: true, timeout }) asks for the body as chunks without progress, the response streamed', async () => {
      const { client, atTransport, types } = recordingClient();
      const request = client.buildRequest('GET', url);
      const response = await lastValueFrom(client.send(request, { stream: true, timeout: 1000 }));
      expect(atTransport[0]).not.toBe(request);
      expect(atTransport[0]!.extensions.delivery).toBe(DELIVERIES.unreadResponse);
      expect(types).toEqual(['sent', 'headers', 'chunk', 'response']);
      expect(response.isStreamed).toBe(true);
    });

    it('send(request, { stream: true }) alone passes the very same Request, the response streamed', async () => {
      const { client, atTransport } = recordingClient();
      const request = client.buildRequest('GET', url);
      const response = await lastValueFrom(client.send(request, { stream: true }));
      expect(atTransport[0]).toBe(request);
      expect(response.isStreamed).toBe(true);
    });

    it.each(['events', 'stream'] as const)(
      '%s(request) passes the very same Request, with every event',
      async (method) => {
        const { client, atTransport, types } = recordingClient();
        const request = client.buildRequest('GET', url);
        const events = await lastValueFrom(client[method](request).pipe(toArray()));
        expect(atTransport[0]).toBe(request);
        expect(types).toEqual(['sent', 'headers', 'download', 'chunk', 'response']);
        expect(last(events).isRead).toBe(method === 'events');
      },
    );
  });
});
