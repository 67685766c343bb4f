import { firstValueFrom, lastValueFrom, tap, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  type HttpEvent,
  HttpStatusError,
  type Response,
  type ResponseEvent,
  ResponseNotRead,
  type SentEvent,
  type UploadEvent,
} from '../../src/index.ts';
import { readBody, startServer, type TestServer } from './support/server.ts';

const encoder = new TextEncoder();
const REPLY = ['first piece of the reply, ', 'second piece, ', 'and the last one'];
const REPLY_TEXT = REPLY.join('');

let server: TestServer;
let client: Client;
let received: string[] = [];

beforeAll(async () => {
  server = await startServer(async (req, res) => {
    const body = await readBody(req);
    received.push(body.toString('utf8'));
    const path = new URL(req.url ?? '/', server.origin).pathname;
    if (path === '/missing') {
      res.statusCode = 404;
      res.statusMessage = 'Nothing Here';
      res.end('no such thing');
      return;
    }
    res.statusCode = 200;
    res.statusMessage = 'Quite Alright';
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(REPLY_TEXT));
    for (const piece of REPLY.slice(0, -1)) {
      res.write(piece);
      // Let each piece leave as its own packet, so the client sees several body events.
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end(REPLY.at(-1));
  });
  client = new Client();
});
afterEach(() => {
  received = [];
});
afterAll(async () => {
  await client.close();
  await server.close();
});

/** One letter per event type, to compare event order with a pattern. */
function shape(events: readonly HttpEvent[]): string {
  const letters: Record<string, string> = {
    sent: 's',
    upload: 'u',
    headers: 'h',
    download: 'd',
    chunk: 'c',
    timing: 't',
    response: 'r',
  };
  return events.map((event) => letters[event.type] ?? `[${event.type}]`).join('');
}

function finalResponse(events: readonly HttpEvent[]): Response {
  return (events.at(-1) as ResponseEvent).response;
}

describe('the events of one request', () => {
  it('go sent, uploads, headers, downloads and chunks, then response last', async () => {
    const chunks = ['alpha-', 'beta-', 'gamma'].map((text) => encoder.encode(text));
    const request = client.buildRequest('POST', `${server.url}echo`, { content: chunks });
    const unreadAtHeaders: unknown[] = [];
    let completed = false;
    const events = await lastValueFrom(
      client.events(request).pipe(
        tap({
          next(event) {
            if (event.type !== 'headers') return;
            expect(event.response.isRead).toBe(false);
            try {
              void event.response.content;
            } catch (error) {
              unreadAtHeaders.push(error);
            }
          },
          complete() {
            completed = true;
          },
        }),
        toArray(),
      ),
    );
    expect(completed).toBe(true);
    // `t`: the new connection's TCP connect (a reused one tells none).
    expect(shape(events)).toMatch(/^st?u+h(d|c)+r$/);

    const sent = events[0] as SentEvent;
    expect(sent.attempt).toBe(1);
    expect(sent.request).toBe(request);

    const uploads = events.filter((event): event is UploadEvent => event.type === 'upload');
    const loaded = uploads.map((event) => event.loaded);
    expect(loaded).toEqual([6, 11, 16]);
    expect(uploads.at(-1)).toEqual({ type: 'upload', loaded: 16, total: 16 });
    expect(received).toEqual(['alpha-beta-gamma']);

    expect(unreadAtHeaders).toHaveLength(1);
    expect(unreadAtHeaders[0]).toBeInstanceOf(ResponseNotRead);

    const shapeAfterHeaders = shape(events).replace(/^st?u+h/, '');
    expect(shapeAfterHeaders.startsWith('d')).toBe(true);
    const decoded = events.flatMap((event) => (event.type === 'chunk' ? [event.data] : []));
    expect(Buffer.concat(decoded).toString('utf8')).toBe(REPLY_TEXT);
    expect(finalResponse(events).text).toBe(REPLY_TEXT);
  });

  it('report one upload of the whole body for a body in memory', async () => {
    const events = await lastValueFrom(
      client.events('PUT', server.url, { content: 'twelve bytes' }).pipe(toArray()),
    );
    const uploads = events.filter((event) => event.type === 'upload');
    expect(uploads).toEqual([{ type: 'upload', loaded: 12, total: 12 }]);
  });

  it('report uploads without a total for a body of unknown length', async () => {
    async function* parts(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('abc');
      yield encoder.encode('defg');
    }
    const events = await lastValueFrom(
      client.events('POST', server.url, { content: parts() }).pipe(toArray()),
    );
    const uploads = events.filter((event): event is UploadEvent => event.type === 'upload');
    expect(uploads.length).toBeGreaterThan(0);
    expect(uploads.every((event) => !('total' in event))).toBe(true);
    expect(uploads.at(-1)?.loaded).toBe(7);
  });

  it('have no upload events for a GET', async () => {
    const events = await lastValueFrom(client.events('GET', server.url).pipe(toArray()));
    expect(shape(events)).toMatch(/^sh(d|c)+r$/);
  });

  it('never include the transport-internal connected event', async () => {
    const buffered = await lastValueFrom(client.events('POST', server.url, { content: 'x' }).pipe(toArray()));
    const streamed = await lastValueFrom(client.stream('GET', server.url).pipe(toArray()));
    const types = [...buffered, ...streamed].map((event) => event.type as string);
    expect(types).not.toContain('connected');
    expect(types).toContain('sent');
  });
});

describe('client.events()', () => {
  it('buffers the body into the final response', async () => {
    const events = await lastValueFrom(client.events('GET', server.url).pipe(toArray()));
    const response = finalResponse(events);
    expect(response.isRead).toBe(true);
    expect(new TextDecoder().decode(response.content)).toBe(REPLY_TEXT);
  });

  it('is cold: nothing is sent until subscribe, and each subscription sends again', async () => {
    const events$ = client.events('POST', server.url, { content: 'cold' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toEqual([]);
    await lastValueFrom(events$);
    await lastValueFrom(events$);
    expect(received).toEqual(['cold', 'cold']);
  });
});

describe('client.stream()', () => {
  it('gives the body as chunks and leaves the final response unread', async () => {
    const events = await lastValueFrom(client.stream('GET', server.url).pipe(toArray()));
    const pieces = events.flatMap((event) => (event.type === 'chunk' ? [event.data] : []));
    expect(Buffer.concat(pieces).toString('utf8')).toBe(REPLY_TEXT);
    const response = finalResponse(events);
    expect(response.isStreamed).toBe(true);
    expect(() => response.content).toThrow(ResponseNotRead);
    expect(() => response.text).toThrow(ResponseNotRead);
  });

  it('accepts a built request', async () => {
    const request = client.buildRequest('POST', server.url, { json: { a: 1 } });
    const events = await lastValueFrom(client.stream(request).pipe(toArray()));
    expect((events[0] as SentEvent).request).toBe(request);
    expect(received).toEqual(['{"a":1}']);
  });
});

describe('the final response', () => {
  it('carries elapsed, request, url, HTTP version and the reason phrase the server sent', async () => {
    const request = client.buildRequest('GET', `${server.url}info?x=1`);
    const response = await firstValueFrom(client.send(request));
    expect(response.status).toBe(200);
    expect(response.reasonPhrase).toBe('Quite Alright');
    expect(String(response)).toBe('<Response [200 Quite Alright]>');
    expect(response.httpVersion).toBe('HTTP/1.1');
    expect(response.request).toBe(request);
    expect(response.url.href).toBe(`${server.url}info?x=1`);
    expect(typeof response.elapsed).toBe('number');
    expect(response.elapsed).toBeGreaterThanOrEqual(0);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.text).toBe(REPLY_TEXT);
  });

  it('is emitted for a 404 without an error, and raiseForStatus() throws HttpStatusError', async () => {
    const response = await firstValueFrom(client.get(`${server.url}missing`));
    expect(response.status).toBe(404);
    expect(response.reasonPhrase).toBe('Nothing Here');
    expect(response.isClientError).toBe(true);
    expect(response.text).toBe('no such thing');
    let thrown: unknown;
    try {
      response.raiseForStatus();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HttpStatusError);
    expect((thrown as HttpStatusError).response).toBe(response);
    expect((thrown as HttpStatusError).request).toBe(response.request);
    expect((thrown as HttpStatusError).message).toContain('404');
  });

  it('returns itself from raiseForStatus() when 2xx', async () => {
    const response = await firstValueFrom(client.get(server.url));
    expect(response.raiseForStatus()).toBe(response);
  });
});
