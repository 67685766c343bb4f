/**
 * AppTransport on Node with plain node:http `(req, res)` listeners: Node's own HTTP server over
 * an in-memory connection per request, under httprx's Client. The listener sees what a network
 * gives it, both ways stream with backpressure, and unsubscribing closes its request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { filter, firstValueFrom, lastValueFrom, type Observable, tap, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, ClientClosed, type HttpEvent, ReadTimeout } from '../../src/index.ts';
import { AppTransport, type AppTransportOptions } from '../../src/node/testing.ts';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;
type ChunkEvent = Extract<HttpEvent, { type: 'chunk' }>;
type ResponseEvent = Extract<HttpEvent, { type: 'response' }>;

const decoder = new TextDecoder();
const clients: Client[] = [];

function clientFor(listener: Listener, options: AppTransportOptions = {}): Client {
  const client = new Client({
    transport: new AppTransport(listener, options),
    baseUrl: 'http://app.test',
    retry: 0,
  });
  clients.push(client);
  return client;
}

const all = (events: Observable<HttpEvent>): Promise<HttpEvent[]> => lastValueFrom(events.pipe(toArray()));
const isChunk = (event: HttpEvent): event is ChunkEvent => event.type === 'chunk';
const closed = (stream: ServerResponse | Duplex): Promise<void> =>
  new Promise((resolve) => (stream.destroyed ? resolve() : stream.once('close', () => resolve())));
/** A few turns of the event loop, for the streams to do all they can. */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe('AppTransport with a node:http listener', () => {
  const describeRequest: Listener = (req, res) => {
    res.statusMessage = 'Fine Thanks';
    res.setHeader('X-Kind', 'plain');
    res.setHeader('Content-Type', 'application/json');
    const { method, url, httpVersion, headers, socket } = req;
    const { remoteAddress, remoteFamily } = socket;
    res.end(JSON.stringify({ method, url, httpVersion, headers, remoteAddress, remoteFamily }));
  };

  it('gives the listener the request as a network would, and the client its response', async () => {
    const client = clientFor(describeRequest);
    const response = await firstValueFrom(client.get('/users?q=1', { headers: { 'X-Trace': 't-1' } }));
    expect([response.status, response.reasonPhrase, response.httpVersion]).toEqual([
      200,
      'Fine Thanks',
      'HTTP/1.1',
    ]);
    expect(response.headers.get('x-kind')).toBe('plain');
    const seen = response.json<Record<string, unknown>>();
    expect(seen).toMatchObject({
      method: 'GET',
      url: '/users?q=1',
      httpVersion: '1.1',
      remoteAddress: '127.0.0.1',
      remoteFamily: 'IPv4',
    });
    expect(seen.headers).toMatchObject({ host: 'app.test', 'x-trace': 't-1', accept: '*/*' });
  });

  it('shows the remoteAddr option as req.socket.remoteAddress', async () => {
    const client = clientFor(describeRequest, { remoteAddr: '::1' });
    const seen = (await firstValueFrom(client.get('/'))).json<Record<string, unknown>>();
    expect([seen.remoteAddress, seen.remoteFamily]).toEqual(['::1', 'IPv6']);
  });

  it('feeds the request body as the listener reads it: a paused listener holds the upload back', async () => {
    const body = new Uint8Array(1024 * 1024).fill(1);
    const uploads: number[] = [];
    let loadedWhilePaused: number | undefined;
    const listener: Listener = (req, res) => {
      let read = 0;
      req.on('data', (chunk: Buffer) => {
        read += chunk.length;
      });
      req.once('data', () => {
        req.pause();
        void turns(20).then(() => {
          loadedWhilePaused = uploads.at(-1);
          req.resume();
        });
      });
      req.on('end', () => res.end(`read ${read}`));
    };
    const client = clientFor(listener);
    const events = await all(
      client
        .events('POST', '/upload', { content: body })
        .pipe(tap((event) => event.type === 'upload' && uploads.push(event.loaded))),
    );
    expect(loadedWhilePaused).toBeGreaterThan(0);
    expect(loadedWhilePaused).toBeLessThan(body.length / 2);
    expect(uploads.at(-1)).toBe(body.length);
    expect(uploads.length).toBeGreaterThan(10);
    expect((events.at(-1) as ResponseEvent).response.text).toBe(`read ${body.length}`);
  });

  it('streams the response: the client has the first chunk before the listener writes the second', async () => {
    const { opened, open } = gate();
    let wroteSecond = false;
    const client = clientFor((_req, res) => {
      res.write('one;');
      void opened.then(() => {
        wroteSecond = true;
        res.end('two;');
      });
    });
    let secondWrittenAtFirstChunk: boolean | undefined;
    const texts: string[] = [];
    const events = await all(
      client.stream('GET', '/ticks').pipe(
        tap((event) => {
          if (event.type !== 'chunk') return;
          secondWrittenAtFirstChunk ??= wroteSecond;
          open();
          texts.push(decoder.decode(event.data));
        }),
      ),
    );
    expect(secondWrittenAtFirstChunk).toBe(false);
    expect(texts).toEqual(['one;', 'two;']);
    expect(events.filter((event) => event.type === 'download').length).toBe(2);
  });

  it("closes the listener's request when the client unsubscribes mid-response", async () => {
    let response: ServerResponse | undefined;
    let request: IncomingMessage | undefined;
    const client = clientFor((req, res) => {
      request = req;
      response = res;
      res.write('first');
    });
    const first = await firstValueFrom(client.stream('GET', '/forever').pipe(filter(isChunk)));
    expect(decoder.decode(first.data)).toBe('first');
    await closed(response!);
    expect(response!.writableFinished).toBe(false);
    expect(request!.destroyed).toBe(true);
    expect(request!.socket.destroyed).toBe(true);
  });

  it("ends the in-memory connection after the response, and the listener's response finished", async () => {
    let response: ServerResponse | undefined;
    let socket: Duplex | undefined;
    const client = clientFor((req, res) => {
      response = res;
      socket = req.socket;
      res.end('bye');
    });
    expect((await firstValueFrom(client.get('/'))).text).toBe('bye');
    await closed(socket!);
    expect(response!.writableFinished).toBe(true);
  });

  it('answers HEAD without a body, as Node does', async () => {
    const client = clientFor((_req, res) => res.end('never sent'));
    const response = await firstValueFrom(client.head('/'));
    expect(response.status).toBe(200);
    expect(response.content).toHaveLength(0);
  });

  it('decodes a compressed response, counting the compressed bytes', async () => {
    const text = 'squeeze me '.repeat(500);
    const gzipped = gzipSync(text);
    const client = clientFor((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': gzipped.length });
      res.end(gzipped);
    });
    const response = await firstValueFrom(client.get('/'));
    expect(response.text).toBe(text);
    expect(response.numBytesDownloaded).toBe(gzipped.length);
  });

  it("sends an odd target such as OPTIONS * as it is: the listener's req.url is *", async () => {
    const client = clientFor((req, res) => res.end(`${req.method} ${req.url}`));
    const response = await firstValueFrom(client.request('OPTIONS', '/', { extensions: { target: '*' } }));
    expect(response.text).toBe('OPTIONS *');
  });

  it("times a listener that never answers out with the client's read timeout, and closes its response", async () => {
    let response: ServerResponse | undefined;
    const client = clientFor((_req, res) => {
      response = res;
    });
    const error = await firstValueFrom(client.get('/slow', { timeout: { read: 50 } })).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(ReadTimeout);
    expect((error as Error).message).toBe(
      'GET http://app.test/slow: no response data within 50 ms (timeout.read)',
    );
    await closed(response!);
    expect(response!.writableFinished).toBe(false);
  });

  it('refuses requests after close() with ClientClosed, without calling the listener', async () => {
    let calls = 0;
    const transport = new AppTransport(() => calls++);
    const client = new Client({ transport, baseUrl: 'http://app.test' });
    clients.push(client);
    await transport.close();
    const error = await firstValueFrom(client.get('/')).catch((caught) => caught);
    expect(error).toBeInstanceOf(ClientClosed);
    expect((error as Error).message).toBe('The AppTransport has been closed: the app is not called');
    expect(calls).toBe(0);
  });
});

describe('AppTransport on Node: what it takes', () => {
  it('takes any function as a listener, and refuses what is neither one nor a fetch app, as the neutral one does', () => {
    expect(new AppTransport((_req: never, _res: never) => {})).toBeInstanceOf(AppTransport);
    expect(() => new AppTransport({ fetch: null } as never)).toThrow(
      new TypeError(
        "new AppTransport(app) takes a Node (req, res) listener (node:http, Express, Koa's app.callback()) or an object with a fetch(request) method (Hono and other fetch-handler frameworks), not an object whose fetch is null",
      ),
    );
    expect(() => new AppTransport(() => {}, { rootPath: '/api/' })).toThrow(/did you mean '\/api'\?$/);
    expect(() => new AppTransport(() => {}, { remote_addr: '::1' } as never)).toThrow(
      new TypeError('Unknown AppTransport option "remote_addr" (got \'::1\'): did you mean "remoteAddr"?'),
    );
  });
});

describe('AppTransport rootPath with a node:http listener', () => {
  const urls: Listener = (req, res) => {
    const { originalUrl } = req as IncomingMessage & { originalUrl?: string };
    res.end(JSON.stringify([req.url, originalUrl]));
  };

  it('takes the root path off req.url, and keeps the full one in req.originalUrl', async () => {
    const client = clientFor(urls, { rootPath: '/api' });
    const seen = async (path: string) => (await firstValueFrom(client.get(path))).json();
    expect(await seen('/api/users?q=1')).toEqual(['/users?q=1', '/api/users?q=1']);
    expect(await seen('/api')).toEqual(['/', '/api']);
    expect(await seen('/api?x=1')).toEqual(['/?x=1', '/api?x=1']);
  });

  it('answers a path outside the root path with a 404, without calling the listener', async () => {
    let calls = 0;
    const client = clientFor(() => calls++, { rootPath: '/api' });
    const response = await firstValueFrom(client.get('/apix?q=1'));
    expect([response.status, response.text]).toEqual([
      404,
      "Not Found: /apix is not under the app's root path /api\n",
    ]);
    expect(calls).toBe(0);
  });
});
