import zlib from 'node:zlib';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, type HttpEvent, ResponseNotRead, type RetryEvent } from '../../src/index.ts';
import { startServer, type TestServer } from './support/server.ts';

// Gzip bombs: 10 MiB of zeros is 10 KB on the wire; ten such gzip members in a row (one valid
// gzip body, as RFC 1952 allows) are about 100 KB that would decode to 100 MiB.
const SMALL = zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024), { level: 9 });
const BIG = Buffer.concat(Array.from({ length: 10 }, () => SMALL));
/** The most wire bytes of a discarded body read to keep its connection (take-over.ts). */
const DRAIN_LIMIT = 64 * 1024;

let server: TestServer;
let busy = 0;
let client: Client | undefined;

function bomb(res: import('node:http').ServerResponse, status: number, body: Buffer, headers = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-encoding': 'gzip', ...headers });
  res.end(body);
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/small')
      return bomb(res, 302, SMALL, { location: '/done', 'content-length': SMALL.length });
    if (path === '/big') return bomb(res, 302, BIG, { location: '/done', 'content-length': BIG.length });
    if (path === '/chunked') {
      // No Content-Length: the size shows only as the bytes come, 16 KiB at a time.
      res.writeHead(302, { location: '/done', 'content-encoding': 'gzip' });
      for (let at = 0; at < BIG.length; at += 16 * 1024) res.write(BIG.subarray(at, at + 16 * 1024));
      return void res.end();
    }
    if (path === '/busy' && busy++ === 0) return bomb(res, 503, SMALL, { 'content-length': SMALL.length });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('done');
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await client?.close();
  client = undefined;
  busy = 0;
  // So that no test counts a socket the one before closed.
  await server.settle(() => server.openSockets === 0);
  expect(server.openSockets).toBe(0);
});
afterAll(async () => {
  await server.close();
});

async function run(path: string, options: ConstructorParameters<typeof Client>[0] = {}) {
  const closedBefore = server.closedSockets;
  const gunzips = vi.spyOn(zlib, 'createGunzip');
  client = new Client({ followRedirects: true, ...options });
  const events = await lastValueFrom(client.events('GET', `${server.origin}${path}`).pipe(toArray()));
  const last = events.at(-1) as Extract<HttpEvent, { type: 'response' }>;
  return {
    events,
    response: last.response,
    gunzips,
    /** Waits a little for a socket the client would have closed, then counts them. */
    async closedByClient() {
      await server.settle(() => server.closedSockets > closedBefore, 300);
      return server.closedSockets - closedBefore;
    },
  };
}

describe('bodies of hops that another request replaces', () => {
  it('reads a small redirect body raw to its end, never decoding or keeping it, and keeps the connection', async () => {
    const { response, gunzips, closedByClient } = await run('/small');
    expect([response.status, response.text]).toEqual([200, 'done']);
    const [redirect] = response.history;
    expect(redirect!.status).toBe(302);
    expect(redirect!.isDiscarded).toBe(true);
    expect(() => redirect!.content).toThrow(ResponseNotRead);
    expect(() => redirect!.text).toThrow(/discarded unread/);
    expect(redirect!.numBytesDownloaded).toBe(SMALL.length);
    expect(gunzips).not.toHaveBeenCalled();
    expect(await closedByClient()).toBe(0);
  });

  it('closes the connection at its first bytes when the redirect declares a body over 64 KiB', async () => {
    const { response, gunzips, closedByClient } = await run('/big');
    expect([response.status, response.text]).toEqual([200, 'done']);
    const [redirect] = response.history;
    expect(redirect!.isDiscarded).toBe(true);
    expect(redirect!.numBytesDownloaded).toBeLessThan(BIG.length);
    expect(gunzips).not.toHaveBeenCalled();
    expect(await closedByClient()).toBe(1);
  });

  it('closes the connection once an undeclared redirect body passes 64 KiB on the wire', async () => {
    const { response, gunzips, closedByClient } = await run('/chunked');
    expect(response.text).toBe('done');
    const [redirect] = response.history;
    expect(redirect!.isDiscarded).toBe(true);
    expect(redirect!.numBytesDownloaded).toBeGreaterThan(DRAIN_LIMIT);
    expect(redirect!.numBytesDownloaded).toBeLessThan(BIG.length);
    expect(gunzips).not.toHaveBeenCalled();
    expect(await closedByClient()).toBe(1);
  });

  it('discards a retried response body undecoded too', async () => {
    const { events, response, gunzips } = await run('/busy', { retry: { limit: 1, backoff: () => 0 } });
    expect(response.text).toBe('done');
    const retries = events.filter((event): event is RetryEvent => event.type === 'retry');
    expect(retries.map((event) => event.response?.status)).toEqual([503]);
    expect(retries[0]!.response!.isDiscarded).toBe(true);
    expect(retries[0]!.response!.numBytesDownloaded).toBe(SMALL.length);
    expect(gunzips).not.toHaveBeenCalled();
  });
});
