import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { type ClientOptions, type HttpEvent, type Middleware, ReadTimeout } from '../../src/index.ts';
import { trackedPerTest } from './support/tracked.ts';

const { serve, client } = trackedPerTest();

// Random bytes, so that a lost, doubled or reordered piece shows; and a text that gzip shrinks.
const PLAIN = randomBytes(5 * 3000);
const TEXT = Buffer.from('a body that compresses well, '.repeat(2000));
const GZIPPED = zlib.gzipSync(TEXT);
const FINAL = Buffer.from('the final body');
const REDIRECT_BODY = Buffer.alloc(10 * 1024, 'r');

/** Writes `bytes` in `pieces` pieces, `gapMs` apart (the server's own timers), then ends. */
function writeSlowly(
  res: ServerResponse,
  bytes: Buffer,
  pieces: number,
  gapMs: number,
  pauseAt = -1,
  pauseMs = 0,
) {
  const size = Math.ceil(bytes.length / pieces);
  let at = 0;
  let timer: NodeJS.Timeout | undefined;
  const next = (index: number) => {
    timer = setTimeout(
      () => {
        res.write(bytes.subarray(at, at + size));
        at += size;
        if (at >= bytes.length) res.end();
        else next(index + 1);
      },
      index === pauseAt ? pauseMs : gapMs,
    );
  };
  res.on('close', () => clearTimeout(timer));
  next(0);
}

/**
 * `/plain`: PLAIN chunked in 5 pieces; `/gzip`: GZIPPED (of TEXT) chunked in 4 pieces;
 * `/steady`: 10 pieces 40 ms apart; `/stall`: the same with a 600 ms pause before the 6th;
 * `/redirect`: a 302 to `/final` with a 10 KiB body.
 */
function site() {
  return serve((req, res) => {
    switch (new URL(req.url ?? '/', 'http://x').pathname) {
      case '/plain':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return writeSlowly(res, PLAIN, 5, 5);
      case '/gzip':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        return writeSlowly(res, GZIPPED, 4, 5);
      case '/steady':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return writeSlowly(res, PLAIN, 10, 40);
      case '/stall':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return writeSlowly(res, PLAIN, 10, 40, 5, 600);
      case '/redirect':
        res.writeHead(302, { location: '/final', 'content-length': REDIRECT_BODY.length });
        return void res.end(REDIRECT_BODY);
      case '/final':
        return void res.end(FINAL);
      default:
        res.writeHead(404).end();
    }
  });
}

/** A client whose outermost middleware records the type of every event that passes it. */
function recordingClient(options: Omit<ClientOptions, 'middleware'> = {}) {
  const types: string[] = [];
  const recorder: Middleware = (request, next) => next(request).pipe(tap((event) => types.push(event.type)));
  return { c: client({ ...options, middleware: [recorder] }), types };
}

const bodies = [
  { name: 'a plain chunked body', path: '/plain', decoded: PLAIN, wire: PLAIN.length },
  { name: 'a gzip-encoded chunked body', path: '/gzip', decoded: TEXT, wire: GZIPPED.length },
];

describe('what the transport delivers for each call, against a real server', () => {
  for (const { name, path, decoded, wire } of bodies) {
    describe(name, () => {
      it('get() returns its exact bytes, counts the wire bytes, and no body event passes the user middleware', async () => {
        const h = await site();
        const { c, types } = recordingClient();
        const response = await lastValueFrom(c.get(`${h.origin}${path}`));
        expect(response.isRead).toBe(true);
        expect(Buffer.from(response.content).equals(decoded)).toBe(true);
        expect(response.numBytesDownloaded).toBe(wire);
        expect(types).toEqual(['sent', 'headers', 'response']);
      });

      it('events() emits download and chunk events whose chunks join to the same bytes', async () => {
        const h = await site();
        const { c, types } = recordingClient();
        const events = await lastValueFrom(c.events('GET', `${h.origin}${path}`).pipe(toArray()));
        const kinds = events.map((event) => event.type);
        expect(types).toEqual(kinds);
        // The new connection's TCP connect is told before the head (`timing`).
        expect(kinds.slice(0, 3)).toEqual(['sent', 'timing', 'headers']);
        expect(kinds.at(-1)).toBe('response');
        expect(new Set(kinds.slice(3, -1))).toEqual(new Set(['download', 'chunk']));
        const chunks = events.flatMap((event) => (event.type === 'chunk' ? [event.data] : []));
        expect(Buffer.concat(chunks).equals(decoded)).toBe(true);
        const downloads = events.flatMap((event) => (event.type === 'download' ? [event] : []));
        expect(downloads.length).toBeGreaterThan(1);
        expect(downloads.at(-1)).toEqual({ type: 'download', loaded: wire });
        const { response } = events.at(-1) as Extract<HttpEvent, { type: 'response' }>;
        expect(Buffer.from(response.content).equals(decoded)).toBe(true);
        expect(response.numBytesDownloaded).toBe(wire);
      });

      it('stream() emits the same chunks, the final response streamed', async () => {
        const h = await site();
        const c = client();
        const events = await lastValueFrom(c.stream('GET', `${h.origin}${path}`).pipe(toArray()));
        const chunks = events.flatMap((event) => (event.type === 'chunk' ? [event.data] : []));
        expect(Buffer.concat(chunks).equals(decoded)).toBe(true);
        expect(events.filter((event) => event.type === 'download').at(-1)).toEqual({
          type: 'download',
          loaded: wire,
        });
        const { response } = events.at(-1) as Extract<HttpEvent, { type: 'response' }>;
        expect(response.isStreamed).toBe(true);
        expect(response.numBytesDownloaded).toBe(wire);
      });

      it('send(request, { stream: true, timeout }) passes chunks but no download event, the response streamed', async () => {
        const h = await site();
        const { c, types } = recordingClient();
        const request = c.buildRequest('GET', `${h.origin}${path}`);
        const response = await lastValueFrom(c.send(request, { stream: true, timeout: 5000 }));
        expect(types[0]).toBe('sent');
        expect(types[1]).toBe('headers');
        expect(types.at(-1)).toBe('response');
        expect(types.filter((type) => type === 'chunk').length).toBeGreaterThan(0);
        expect(types.slice(2, -1).every((type) => type === 'chunk')).toBe(true);
        expect(response.isStreamed).toBe(true);
        expect(response.numBytesDownloaded).toBe(wire);
      });
    });
  }

  describe('the read timeout of a get(), whose body walks no download events', () => {
    it('lets a slow but steady body complete: every piece restarts the read clock', async () => {
      const h = await site();
      // Ten pieces 40 ms apart: 400 ms in all, far more than the limit, never 150 ms without one.
      const c = client({ timeout: { read: 150 } });
      const response = await lastValueFrom(c.get(`${h.origin}/steady`));
      expect(Buffer.from(response.content).equals(PLAIN)).toBe(true);
      expect(response.numBytesDownloaded).toBe(PLAIN.length);
    });

    it('fails with ReadTimeout at a pause mid-body longer than the limit, and closes the connection', async () => {
      const h = await site();
      const c = client({ timeout: { read: 150 } });
      const error = await lastValueFrom(c.get(`${h.origin}/stall`)).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(ReadTimeout);
      expect((error as ReadTimeout).request.url.pathname).toBe('/stall');
      expect((error as ReadTimeout).request.extensions.delivery).toEqual({ body: 'buffer', progress: false });
      await h.abandoned;
      await h.settle(() => h.closedSockets === 1);
      expect(h.closedSockets).toBe(1);
      await vi.waitFor(() => expect(String(c)).toBe('<Client [0 active, 0 idle]>'));
    });
  });

  it('a followed redirect with a 10 KiB body: the final body, the hop read to its end undecoded and discarded, its connection kept', async () => {
    const h = await site();
    const { c, types } = recordingClient({ followRedirects: true });
    const response = await lastValueFrom(c.get(`${h.origin}/redirect`));
    expect(response.status).toBe(200);
    expect(Buffer.from(response.content).equals(FINAL)).toBe(true);
    expect(response.history).toHaveLength(1);
    const [hop] = response.history;
    expect(hop!.status).toBe(302);
    expect(hop!.isDiscarded).toBe(true);
    expect(hop!.numBytesDownloaded).toBe(REDIRECT_BODY.length);
    expect(types).toEqual(['sent', 'redirect', 'sent', 'headers', 'response']);
    expect(h.requests.map((req) => req.url)).toEqual(['/redirect', '/final']);
    // The hop's connection went back to the pool: none was closed, every one is idle. (The next
    // hop is sent in the very turn the first ends, before undici reuses a socket: see the pool
    // spec; so it may be on a second connection.)
    expect(h.connections).toBeLessThanOrEqual(2);
    await vi.waitFor(() => expect(String(c)).toBe(`<Client [0 active, ${h.connections} idle]>`));
    expect(h.closedSockets).toBe(0);
  });

  // FAILS on 8c743df: the next hop is sent from inside undici's onResponseEnd, in the very turn
  // the first hop ends, and undici reuses a socket only a turn later, so a second connection opens.
  it('a followed redirect sends its next hop on the connection the first hop used', async () => {
    const h = await site();
    const c = client({ followRedirects: true });
    const response = await lastValueFrom(c.get(`${h.origin}/redirect`));
    expect(Buffer.from(response.content).equals(FINAL)).toBe(true);
    expect(h.requests.map((req) => req.url)).toEqual(['/redirect', '/final']);
    expect(h.connections).toBe(1);
    await vi.waitFor(() => expect(String(c)).toBe('<Client [0 active, 1 idle]>'));
  });
});
