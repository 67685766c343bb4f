import { lastValueFrom, takeWhile, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, ConnectionPool, type Response, UnsupportedProtocol } from '../../src/index.ts';
import { BIG_FILE_SIZE, type Nginx, type NginxLogLine, startNginx } from './support/nginx.ts';

// A real nginx 1.22: `listen 127.0.0.1:PORT ssl http2;` beside a `listen … ssl;` port, its access
// log writing $server_protocol and $connection, so nginx itself says which protocol each
// request came over and which requests shared a connection.
let nginx: Nginx;
beforeAll(async () => {
  nginx = await startNginx();
}, 30_000);
afterAll(() => nginx?.stop(), 30_000);

const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

function client(options: ConstructorParameters<typeof Client>[0] = {}): Client {
  const made = new Client({ verify: nginx.caFile, ...options });
  clients.push(made);
  return made;
}

/** The access log lines written after `from`, once `count` of them are there. */
async function logSince(from: number, count: number): Promise<NginxLogLine[]> {
  return (await nginx.settleLog(from + count)).slice(from);
}

const fetch = (c: Client, url: string): Promise<Response> => lastValueFrom(c.get(url));

describe('HTTP/2 against nginx', () => {
  it('speaks h2 with http2: true: nginx logs HTTP/2.0 and one connection for twenty concurrent requests', async () => {
    const pool = new ConnectionPool({ verify: nginx.caFile, http2: true });
    const c = client({ transport: pool });
    const before = nginx.accessLog().length;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => fetch(c, `${nginx.origin}/protocol?n=${i}`)),
    );
    expect(new Set(responses.map((r) => r.httpVersion))).toEqual(new Set(['HTTP/2']));
    // nginx's own answer: its $server_protocol and $connection for each request.
    expect(new Set(responses.map((r) => r.text.split(' ')[0]))).toEqual(new Set(['HTTP/2.0']));
    expect(new Set(responses.map((r) => r.text))).toHaveProperty('size', 1);
    const log = await logSince(before, 20);
    expect(new Set(log.map((line) => line.protocol))).toEqual(new Set(['HTTP/2.0']));
    expect(new Set(log.map((line) => line.connection)).size).toBe(1);
    expect(pool.connectionsOpened).toBe(1);
    await vi.waitFor(() => expect(String(c)).toBe('<Client [0 active, 1 idle]>'));
  });

  it('stays on HTTP/1.1 by default: nginx logs HTTP/1.1, concurrent requests on connections of their own', async () => {
    const c = client({ limits: { maxConnections: 4 } });
    const before = nginx.accessLog().length;
    const responses = await Promise.all(
      Array.from({ length: 4 }, (_, i) => fetch(c, `${nginx.origin}/?n=${i}`)),
    );
    expect(responses.map((r) => [r.httpVersion, r.text])).toEqual(
      Array(4).fill(['HTTP/1.1', 'hello from nginx\n']),
    );
    const log = await logSince(before, 4);
    expect(new Set(log.map((line) => line.protocol))).toEqual(new Set(['HTTP/1.1']));
    expect(new Set(log.map((line) => line.connection)).size).toBeGreaterThan(1);
  });

  it('uploads over h2 with progress to the end, as nginx counts the body', async () => {
    const body = new Uint8Array(1024 * 1024).fill(0x62);
    const c = client({ http2: true });
    const before = nginx.accessLog().length;
    const events = await lastValueFrom(
      c.events('POST', `${nginx.origin}/upload`, { content: body }).pipe(toArray()),
    );
    expect(events.filter((event) => event.type === 'upload').at(-1)).toEqual({
      type: 'upload',
      loaded: body.length,
      total: body.length,
    });
    const last = events.at(-1);
    expect(last?.type === 'response' && [last.response.httpVersion, last.response.text]).toEqual([
      'HTTP/2',
      'received\n',
    ]);
    // Two lines: the proxied one to /sink, and the upload itself.
    const line = (await logSince(before, 2)).find((entry) => entry.uri === '/upload');
    expect([line!.protocol, line!.method, line!.status]).toEqual(['HTTP/2.0', 'POST', 200]);
    expect(line!.requestLength).toBeGreaterThan(body.length);
  });

  it('resets a cancelled download: nginx sends part of the file, and the next request rides the same connection', async () => {
    const c = client({ http2: true });
    const before = nginx.accessLog().length;
    // Up to the first chunk, then unsubscribe (takeWhile does) with most of the 8 MiB file unsent.
    const first = await lastValueFrom(
      c.stream('GET', `${nginx.origin}/big.bin`).pipe(
        takeWhile((event) => event.type !== 'chunk', true),
        toArray(),
      ),
    );
    expect(first.map((event) => event.type)).toContain('headers');
    expect(first.at(-1)?.type).toBe('chunk');
    const after = await fetch(c, `${nginx.origin}/protocol`);
    expect(after.httpVersion).toBe('HTTP/2');
    // nginx logs the cancelled stream when it has given up on it, which may come second.
    const log = await logSince(before, 2);
    const cancelled = log.find((line) => line.uri === '/big.bin');
    const next = log.find((line) => line.uri === '/protocol');
    expect(cancelled!.bytesSent).toBeLessThan(BIG_FILE_SIZE);
    expect([cancelled!.protocol, next!.protocol]).toEqual(['HTTP/2.0', 'HTTP/2.0']);
    expect(next!.connection).toBe(cancelled!.connection);
  });

  it('downloads the whole file over h2, with download progress to its size', async () => {
    const c = client({ http2: true });
    const events = await lastValueFrom(c.events('GET', `${nginx.origin}/big.bin`).pipe(toArray()));
    expect(events.filter((event) => event.type === 'download').at(-1)).toEqual({
      type: 'download',
      loaded: BIG_FILE_SIZE,
      total: BIG_FILE_SIZE,
    });
    const last = events.at(-1);
    expect(last?.type === 'response' && [last.response.httpVersion, last.response.content.length]).toEqual([
      'HTTP/2',
      BIG_FILE_SIZE,
    ]);
  });

  it('requires h2 with http1: false: served over the http2 port, refused on the port without it', async () => {
    const c = client({ http1: false, http2: true });
    expect((await fetch(c, `${nginx.origin}/protocol`)).text).toMatch(/^HTTP\/2\.0 \d+\n$/);
    const before = nginx.accessLog().length;
    const error: unknown = await fetch(c, `${nginx.http1Origin}/protocol`).catch((e) => e);
    expect(error).toBeInstanceOf(UnsupportedProtocol);
    expect((error as Error).message).toBe(
      `The server at ${nginx.http1Origin} did not choose HTTP/2 by ALPN (it chose http/1.1), and http1 is false: set http1: true to allow HTTP/1.1`,
    );
    // Nothing reached nginx's access log: the request was never sent.
    expect((await fetch(client(), `${nginx.http1Origin}/protocol`)).text).toMatch(/^HTTP\/1\.1 \d+\n$/);
    const log = await logSince(before, 1);
    expect(log.map((line) => [line.protocol, line.uri])).toEqual([['HTTP/1.1', '/protocol']]);
  });
});
