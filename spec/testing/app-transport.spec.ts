/**
 * The neutral AppTransport (what `httprx/testing` gives a browser) serving fetch apps in-process:
 * a real Hono app and hand-made `{ fetch }` objects, under httprx's own Client. Both ways stream,
 * unsubscribing aborts the app's request, and a compressed body is decoded.
 */
import { Hono } from 'hono';
import { stream as honoStream } from 'hono/streaming';
import { filter, firstValueFrom, lastValueFrom, type Observable, tap, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type HttpEvent } from '../../src/index.ts';
import { AppTransport, type FetchApp } from '../../src/testing/index.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const clients: Client[] = [];

function clientFor(
  app: FetchApp | Hono,
  options: ConstructorParameters<typeof AppTransport>[1] = {},
): Client {
  const client = new Client({
    transport: new AppTransport(app, options),
    baseUrl: 'http://app.test',
    retry: 0,
  });
  clients.push(client);
  return client;
}

const all = (events: Observable<HttpEvent>): Promise<HttpEvent[]> => lastValueFrom(events.pipe(toArray()));

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe('AppTransport with a Hono app', () => {
  const app = new Hono<{ Bindings: { remoteAddr: string } }>()
    .get('/users/:id', (c) =>
      c.json({
        id: c.req.param('id'),
        q: c.req.query('q'),
        host: c.req.header('host'),
        trace: c.req.header('x-trace'),
        url: c.req.url,
        remoteAddr: c.env.remoteAddr,
      }),
    )
    .post('/echo', async (c) => c.json({ got: await c.req.json(), type: c.req.header('content-type') }, 201))
    .get('/teapot', (c) => c.text('short and stout', 418, { 'X-Kind': 'teapot' }));

  it('routes the request: method, path, query, headers, Host from the URL, and { remoteAddr } as c.env', async () => {
    const client = clientFor(app);
    const response = await firstValueFrom(
      client.get('/users/7', { params: { q: 'a b' }, headers: { 'X-Trace': 't-1' } }),
    );
    expect(response.status).toBe(200);
    expect(response.httpVersion).toBe('HTTP/1.1');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.json()).toEqual({
      id: '7',
      q: 'a b',
      host: 'app.test',
      trace: 't-1',
      url: 'http://app.test/users/7?q=a%20b',
      remoteAddr: '127.0.0.1',
    });
  });

  it('gives the app the remoteAddr option', async () => {
    const client = clientFor(app, { remoteAddr: '203.0.113.9' });
    const response = await firstValueFrom(client.get('/users/1'));
    expect(response.json<{ remoteAddr: string }>().remoteAddr).toBe('203.0.113.9');
  });

  it("sends a JSON body the app parses, and gives back the app's status, reason and headers", async () => {
    const client = clientFor(app);
    const created = await firstValueFrom(client.post('/echo', { json: { name: 'ada' } }));
    expect(created.status).toBe(201);
    expect(created.reasonPhrase).toBe('Created');
    expect(created.json()).toEqual({ got: { name: 'ada' }, type: 'application/json' });
    const teapot = await firstValueFrom(client.get('/teapot'));
    expect([teapot.status, teapot.text, teapot.headers.get('x-kind')]).toEqual([
      418,
      'short and stout',
      'teapot',
    ]);
  });

  it('reports upload and download progress through events()', async () => {
    const client = clientFor(app);
    const events = await all(client.events('POST', '/echo', { json: { n: 1 } }));
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('sent');
    expect(types).toContain('upload');
    expect(types.indexOf('upload')).toBeLessThan(types.indexOf('headers'));
    expect(types.slice(types.indexOf('headers'))).toEqual(['headers', 'download', 'chunk', 'response']);
    expect(events.find((event) => event.type === 'upload')).toEqual({ type: 'upload', loaded: 7, total: 7 });
    const last = events.at(-1) as Extract<HttpEvent, { type: 'response' }>;
    expect(last.response.json()).toEqual({ got: { n: 1 }, type: 'application/json' });
  });

  it('answers HEAD without a body', async () => {
    const client = clientFor(app);
    const response = await firstValueFrom(client.head('/teapot'));
    expect(response.status).toBe(418);
    expect(response.content).toHaveLength(0);
  });

  it("streams Hono's stream() response: the client has the first chunk before the app writes the second", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let wroteSecond = false;
    const streaming = new Hono().get('/ticks', (c) =>
      honoStream(c, async (out) => {
        await out.write('one;');
        await gate;
        wroteSecond = true;
        await out.write('two;');
      }),
    );
    const client = clientFor(streaming);
    const texts: string[] = [];
    let secondWrittenAtFirstChunk: boolean | undefined;
    const events = await all(
      client.stream('GET', '/ticks').pipe(
        tap((event) => {
          if (event.type !== 'chunk') return;
          if (secondWrittenAtFirstChunk === undefined) {
            secondWrittenAtFirstChunk = wroteSecond;
            release();
          }
          texts.push(decoder.decode(event.data));
        }),
      ),
    );
    expect(secondWrittenAtFirstChunk).toBe(false);
    expect(texts).toEqual(['one;', 'two;']);
    expect(events.at(-1)?.type).toBe('response');
  });
});

describe('AppTransport streaming with a fetch app', () => {
  it('feeds the request body to the app as it reads it, with upload progress', async () => {
    const piece = 64 * 1024;
    const body = new Uint8Array(6 * piece).fill(7);
    const uploads: number[] = [];
    let loadedWhilePaused: number | undefined;
    const app: FetchApp = {
      async fetch(request) {
        const reader = request.body!.getReader();
        let total = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (total === 0) {
            // The app dawdles before reading on: the body must wait for it.
            for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
            loadedWhilePaused = uploads.at(-1);
          }
          total += value.byteLength;
        }
        return new globalThis.Response(`read ${total}`);
      },
    };
    const client = clientFor(app);
    const events = await all(
      client
        .events('POST', '/upload', { content: body })
        .pipe(tap((event) => event.type === 'upload' && uploads.push(event.loaded))),
    );
    // The app's request stream holds 64 KiB, as a socket would: the rest waited for the app to read.
    expect(loadedWhilePaused).toBeGreaterThan(0);
    expect(loadedWhilePaused).toBeLessThanOrEqual(2 * piece);
    expect(uploads).toEqual([1, 2, 3, 4, 5, 6].map((n) => n * piece));
    expect(events.filter((event) => event.type === 'upload').at(-1)).toEqual({
      type: 'upload',
      loaded: body.length,
      total: body.length,
    });
    const last = events.at(-1) as Extract<HttpEvent, { type: 'response' }>;
    expect(last.response.text).toBe(`read ${body.length}`);
  });

  it('streams a one-shot body of unknown length (sent chunked) to the app', async () => {
    async function* parts(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('alpha,');
      yield encoder.encode('beta');
    }
    const app: FetchApp = {
      async fetch(request) {
        return globalThis.Response.json({
          text: await request.text(),
          encoding: request.headers.get('transfer-encoding'),
        });
      },
    };
    const client = clientFor(app);
    const events = await all(client.events('POST', '/parts', { content: parts() }));
    expect(events.filter((event) => event.type === 'upload')).toEqual([
      { type: 'upload', loaded: 6 },
      { type: 'upload', loaded: 10 },
    ]);
    const last = events.at(-1) as Extract<HttpEvent, { type: 'response' }>;
    expect(last.response.json()).toEqual({ text: 'alpha,beta', encoding: 'chunked' });
  });

  it("aborts the app's request.signal and cancels its body when the client unsubscribes", async () => {
    let signal: AbortSignal | undefined;
    let onAbort!: () => void;
    const abortSeen = new Promise<void>((resolve) => {
      onAbort = resolve;
    });
    let onCancel!: () => void;
    const cancelSeen = new Promise<void>((resolve) => {
      onCancel = resolve;
    });
    const app: FetchApp = {
      fetch(request) {
        signal = request.signal;
        signal.addEventListener('abort', onAbort);
        const body = new ReadableStream<Uint8Array>({
          start: (controller) => controller.enqueue(encoder.encode('first')),
          cancel: onCancel,
        });
        return new globalThis.Response(body);
      },
    };
    const client = clientFor(app);
    const first = await firstValueFrom(client.stream('GET', '/forever').pipe(filter(isChunk)));
    expect(decoder.decode(first.data)).toBe('first');
    await Promise.all([abortSeen, cancelSeen]);
    expect(signal?.aborted).toBe(true);
  });

  it('decodes a body the app compressed, counting the compressed bytes as downloaded', async () => {
    const text = 'hello, compressed world. '.repeat(200);
    const app: FetchApp = {
      fetch() {
        const gzipped = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
        return new globalThis.Response(gzipped, { headers: { 'Content-Encoding': 'gzip' } });
      },
    };
    const client = clientFor(app);
    const events = await all(client.events('GET', '/z'));
    const last = events.at(-1) as Extract<HttpEvent, { type: 'response' }>;
    expect(last.response.text).toBe(text);
    expect(last.response.numBytesDownloaded).toBeGreaterThan(0);
    expect(last.response.numBytesDownloaded).toBeLessThan(text.length);
  });

  it('is cold: each subscription calls the app anew', async () => {
    let calls = 0;
    const client = clientFor({ fetch: () => new globalThis.Response(String(++calls)) });
    const call = client.get('/count');
    expect(calls).toBe(0);
    expect((await firstValueFrom(call)).text).toBe('1');
    expect((await firstValueFrom(call)).text).toBe('2');
  });
});

function isChunk(event: HttpEvent): event is Extract<HttpEvent, { type: 'chunk' }> {
  return event.type === 'chunk';
}
