/**
 * AppTransport on Node against real frameworks: an Express 5 app (a `(req, res)` listener) and a
 * Hono app (a fetch app), in-process under httprx's Client.
 */
import express from 'express';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { firstValueFrom, lastValueFrom, type Observable, tap, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type HttpEvent } from '../../src/index.ts';
import {
  AppTransport,
  type AppTransportOptions,
  type FetchApp,
  type NodeListener,
} from '../../src/node/testing.ts';

type ResponseEvent = Extract<HttpEvent, { type: 'response' }>;

const decoder = new TextDecoder();
const clients: Client[] = [];

function clientFor(
  app: NodeListener | FetchApp,
  options: AppTransportOptions = {},
  baseUrl = 'http://app.test',
) {
  const client = new Client({ transport: new AppTransport(app, options), baseUrl, retry: 0 });
  clients.push(client);
  return client;
}

const all = (events: Observable<HttpEvent>): Promise<HttpEvent[]> => lastValueFrom(events.pipe(toArray()));

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe('AppTransport with an Express 5 app', () => {
  let release: () => void = () => {};
  let wroteSecond = false;
  const app = express();
  app.use(express.json());
  app.get('/users/:id', (req, res) => {
    res.json({
      id: req.params.id,
      q: req.query.q,
      ip: req.ip,
      remoteAddress: req.socket.remoteAddress,
      hostname: req.hostname,
      protocol: req.protocol,
      secure: req.secure,
      path: req.path,
      originalUrl: req.originalUrl,
      trace: req.get('x-trace'),
    });
  });
  app.post('/users', (req, res) => {
    res.status(201).json({ created: req.body });
  });
  app.get('/ticks', (_req, res) => {
    wroteSecond = false;
    res.type('text/plain');
    res.write('one;');
    const opened = new Promise<void>((resolve) => {
      release = resolve;
    });
    void opened.then(() => {
      wroteSecond = true;
      res.end('two;');
    });
  });
  app.get('/fail', () => {
    throw new Error('route failed');
  });
  app.get('/fail-async', async () => {
    await Promise.resolve();
    throw new Error('async route failed');
  });

  it('routes params, query and headers, with req.ip from remoteAddr and req.hostname from the URL', async () => {
    const client = clientFor(app, { remoteAddr: '198.51.100.7' });
    const response = await firstValueFrom(
      client.get('/users/42', { params: { q: 'x' }, headers: { 'X-Trace': 't' } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-powered-by')).toBe('Express');
    expect(response.json()).toEqual({
      id: '42',
      q: 'x',
      ip: '198.51.100.7',
      remoteAddress: '198.51.100.7',
      hostname: 'app.test',
      protocol: 'http',
      secure: false,
      path: '/users/42',
      originalUrl: '/users/42?q=x',
      trace: 't',
    });
  });

  it('sees an https URL as a secure connection, and a root path as Express sees a mount', async () => {
    const client = clientFor(app, { rootPath: '/v1' }, 'https://app.test');
    const seen = (await firstValueFrom(client.get('/v1/users/1'))).json<Record<string, unknown>>();
    expect(seen).toMatchObject({
      protocol: 'https',
      secure: true,
      path: '/users/1',
      originalUrl: '/v1/users/1',
    });
    expect((await firstValueFrom(client.get('/users/1'))).status).toBe(404);
  });

  it('parses a JSON body with express.json(), with upload and download progress', async () => {
    const client = clientFor(app);
    const events = await all(client.events('POST', '/users', { json: { name: 'ada' } }));
    const uploads = events.filter((event) => event.type === 'upload');
    expect(uploads.at(-1)).toEqual({ type: 'upload', loaded: 14, total: 14 });
    const downloads = events.filter((event) => event.type === 'download');
    expect(downloads.at(-1)).toEqual({ type: 'download', loaded: 26, total: 26 });
    const { response } = events.at(-1) as ResponseEvent;
    expect([response.status, response.json()]).toEqual([201, { created: { name: 'ada' } }]);
  });

  it('streams a route that writes, waits and writes again', async () => {
    const client = clientFor(app);
    let secondWrittenAtFirstChunk: boolean | undefined;
    const texts: string[] = [];
    await all(
      client.stream('GET', '/ticks').pipe(
        tap((event) => {
          if (event.type !== 'chunk') return;
          secondWrittenAtFirstChunk ??= wroteSecond;
          release();
          texts.push(decoder.decode(event.data));
        }),
      ),
    );
    expect(secondWrittenAtFirstChunk).toBe(false);
    expect(texts).toEqual(['one;', 'two;']);
  });

  it.each([
    ['/fail', true],
    ['/fail-async', false],
  ] as const)(
    'answers a failing route (%s) with its own 500, whatever raiseAppExceptions says',
    async (path, raise) => {
      const client = clientFor(app, { raiseAppExceptions: raise });
      const response = await firstValueFrom(client.get(path));
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      // The error's stack where NODE_ENV is not production (vitest sets 'test'), else the status text.
      expect(response.text).toMatch(/route failed|Internal Server Error/);
    },
  );

  it("gives an unknown route Express's own 404", async () => {
    const response = await firstValueFrom(clientFor(app).get('/nowhere'));
    expect(response.status).toBe(404);
    expect(response.text).toContain('Cannot GET /nowhere');
  });
});

describe('AppTransport on Node with a Hono app', () => {
  const text = 'hono compressed me. '.repeat(300);
  const app = new Hono<{ Bindings: { remoteAddr: string } }>()
    .use(compress())
    .get('/big', (c) => c.text(text))
    .get('/who', (c) => c.json({ remoteAddr: c.env.remoteAddr, path: c.req.path }));

  it("decodes Hono's compress() output with the Node decoder, counting the compressed bytes", async () => {
    const client = clientFor(app);
    const response = await firstValueFrom(client.get('/big'));
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.text).toBe(text);
    expect(response.numBytesDownloaded).toBeGreaterThan(0);
    expect(response.numBytesDownloaded).toBeLessThan(text.length / 10);
  });

  it('gives c.env the remoteAddr and the path under the root path', async () => {
    const client = clientFor(app, { remoteAddr: '192.0.2.1', rootPath: '/hono' });
    const response = await firstValueFrom(client.get('/hono/who'));
    expect(response.json()).toEqual({ remoteAddr: '192.0.2.1', path: '/who' });
  });
});
