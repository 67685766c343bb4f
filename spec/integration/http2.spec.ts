import type http2 from 'node:http2';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Client,
  ConnectionPool,
  get,
  type HttpEvent,
  ReadTimeout,
  type Response,
  UnsupportedProtocol,
} from '../../src/index.ts';
import { selfSignedPem } from './support/certs.ts';
import { type H2Handler, type H2Server, startH2Server } from './support/h2-server.ts';
import { startServer, type TestServer } from './support/server.ts';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  // Clients first, then the servers they talked to.
  for (const close of closers.splice(0).reverse()) await close();
});

function client(options: ConstructorParameters<typeof Client>[0] = {}): Client {
  const made = new Client({ verify: false, ...options });
  closers.push(() => made.close());
  return made;
}

async function h2(handler: H2Handler, options?: { allowHTTP1?: boolean }): Promise<H2Server> {
  const server = await startH2Server(handler, options);
  closers.unshift(() => server.close());
  return server;
}

async function plain(): Promise<TestServer> {
  const server = await startServer((req, res) => {
    res.end(`plain ${req.httpVersion}`);
  });
  closers.unshift(() => server.close());
  return server;
}

/** An https server that speaks HTTP/1.1 only and keeps the protocols each client offered by ALPN. */
async function http1Only(): Promise<{ origin: string; offered: string[][]; requests: number }> {
  const offered: string[][] = [];
  let requests = 0;
  const server: Server = createServer(
    {
      ...selfSignedPem('localhost'),
      ALPNCallback: ({ protocols }) => {
        offered.push(protocols);
        return protocols.includes('http/1.1') ? 'http/1.1' : undefined;
      },
    },
    (_req, res) => {
      requests++;
      res.end('one point one');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.unshift(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    offered,
    get requests() {
      return requests;
    },
  };
}

const fetch = (c: Client, url: string, options?: Parameters<Client['get']>[1]): Promise<Response> =>
  lastValueFrom(c.get(url, options));

describe('HTTP/2 by ALPN', () => {
  it('is never offered by default: only http/1.1, and the answer says HTTP/1.1', async () => {
    const server = await http1Only();
    const response = await fetch(client(), `${server.origin}/`);
    expect([response.httpVersion, response.text]).toEqual(['HTTP/1.1', 'one point one']);
    expect(server.offered).toEqual([['http/1.1']]);
  });

  it('stays HTTP/1.1 by default against a server that prefers h2', async () => {
    const server = await h2((req, res) => res.end(req.httpVersion));
    const response = await fetch(client(), `${server.origin}/`);
    expect([response.httpVersion, response.text]).toEqual(['HTTP/1.1', '1.1']);
    expect(server.negotiated).toEqual(['http/1.1']);
    expect(server.sessions).toBe(0);
  });

  it('is offered with http2: true (h2, then http/1.1) and falls back to HTTP/1.1 where the server wants it', async () => {
    const server = await http1Only();
    const response = await fetch(client({ http2: true }), `${server.origin}/`);
    expect([response.httpVersion, response.text]).toEqual(['HTTP/1.1', 'one point one']);
    expect(server.offered).toEqual([['h2', 'http/1.1']]);
  });

  it('is spoken with http2: true where the server agrees: the response says HTTP/2, its headers all there', async () => {
    const server = await h2((req, res) => {
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.writeHead(201);
      res.end(`${req.httpVersion} ${req.method} ${req.url}`);
    });
    const response = await fetch(client({ http2: true }), `${server.origin}/made?x=1`);
    expect(response.httpVersion).toBe('HTTP/2');
    expect([response.status, response.reasonPhrase, response.text]).toEqual([
      201,
      'Created',
      '2.0 GET /made?x=1',
    ]);
    expect(response.headers.getList('set-cookie')).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(response.cookies.get('b')).toBe('2');
    expect(server.negotiated).toEqual(['h2']);
  });

  it('is an option read from own properties only: an inherited http2 is not taken', async () => {
    const server = await h2((req, res) => res.end(req.httpVersion));
    const inherited = Object.assign(Object.create({ http2: true }) as object, { verify: false });
    const c = new Client(inherited);
    closers.push(() => c.close());
    const response = await fetch(c, `${server.origin}/`);
    expect([response.httpVersion, response.text]).toEqual(['HTTP/1.1', '1.1']);
  });

  it('is taken by the one-off functions too', async () => {
    const server = await h2((req, res) => res.end(req.httpVersion));
    const response = await lastValueFrom(get(`${server.origin}/`, { verify: false, http2: true }));
    expect([response.httpVersion, response.text]).toEqual(['HTTP/2', '2.0']);
  });
});

describe('HTTP/2 required (http1: false)', () => {
  it('is spoken with a server that chose h2', async () => {
    const server = await h2((req, res) => res.end(req.httpVersion), { allowHTTP1: false });
    const response = await fetch(client({ http1: false, http2: true }), `${server.origin}/`);
    expect([response.httpVersion, response.text]).toEqual(['HTTP/2', '2.0']);
  });

  it('fails with UnsupportedProtocol when the server chose http/1.1, the request never sent', async () => {
    const server = await http1Only();
    const error: unknown = await fetch(client({ http1: false, http2: true }), `${server.origin}/`).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(UnsupportedProtocol);
    expect((error as Error).message).toBe(
      `The server at ${server.origin} did not choose HTTP/2 by ALPN (it chose http/1.1), and http1 is false: set http1: true to allow HTTP/1.1`,
    );
    expect((error as UnsupportedProtocol).request.url.origin).toBe(server.origin);
    expect(server.requests).toBe(0);
  });

  it('refuses a plain http URL before connecting: h2c is not spoken', async () => {
    const server = await plain();
    const error: unknown = await fetch(client({ http1: false, http2: true }), server.url).catch((e) => e);
    expect(error).toBeInstanceOf(UnsupportedProtocol);
    expect((error as Error).message).toBe(
      `${server.origin} is plain http, which is HTTP/1.1 only here (h2c, HTTP/2 without TLS, is not supported), and http1 is false: use https: or set http1: true`,
    );
    expect(server.connections).toBe(0);
  });

  it('refuses a request target only HTTP/1.1 can carry (OPTIONS *), before connecting', async () => {
    const server = await h2((_req, res) => res.end());
    const c = client({ http1: false, http2: true });
    const error: unknown = await lastValueFrom(
      c.options(`${server.origin}/`, { extensions: { target: '*' } }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(UnsupportedProtocol);
    expect((error as Error).message).toMatch(/^The request target "\*" can only be sent over HTTP\/1\.1/);
    expect(server.connections).toBe(0);
  });
});

describe('one HTTP/2 connection per origin', () => {
  it('carries many concurrent requests as streams of one session', async () => {
    const held: http2.Http2ServerResponse[] = [];
    // Answered only once all twenty are in flight at once.
    const server = await h2((req, res) => (req.url === '/later' ? res.end('later') : held.push(res)));
    const pool = new ConnectionPool({ verify: false, http2: true });
    const c = client({ transport: pool });
    const all = Promise.all(Array.from({ length: 20 }, (_, i) => fetch(c, `${server.origin}/${i}`)));
    await vi.waitFor(() => expect(server.requests).toHaveLength(20));
    expect(String(c)).toBe('<Client [1 active, 0 idle]>');
    for (const [i, res] of held.entries()) res.end(`answer ${i}`);
    const responses = await all;
    expect(new Set(responses.map((r) => r.httpVersion))).toEqual(new Set(['HTTP/2']));
    expect(responses.map((r) => r.text).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `answer ${i}`).sort(),
    );
    expect([server.connections, server.sessions, pool.connectionsOpened]).toEqual([1, 1, 1]);
    await vi.waitFor(() => expect(String(c)).toBe('<Client [0 active, 1 idle]>'));
    // Later requests ride the same session.
    expect((await fetch(c, `${server.origin}/later`)).httpVersion).toBe('HTTP/2');
    expect([server.connections, server.sessions, pool.connectionsOpened]).toEqual([1, 1, 1]);
  });

  it('reports upload and download progress as over HTTP/1.1', async () => {
    const body = 'x'.repeat(100_000);
    const server = await h2((req, res) => {
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      req.on('end', () => {
        res.setHeader('content-length', String(body.length));
        res.end(body.slice(0, received));
      });
    });
    const c = client({ http2: true });
    const events = await lastValueFrom(
      c.events('POST', `${server.origin}/up`, { content: new TextEncoder().encode(body) }).pipe(toArray()),
    );
    const uploads = events.filter((event) => event.type === 'upload');
    const downloads = events.filter((event) => event.type === 'download');
    expect(uploads.at(-1)).toEqual({ type: 'upload', loaded: 100_000, total: 100_000 });
    expect(downloads.at(-1)).toEqual({ type: 'download', loaded: 100_000, total: 100_000 });
    const loaded = downloads.map((event) => event.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    const last = events.at(-1) as Extract<HttpEvent, { type: 'response' }>;
    expect([last.type, last.response.httpVersion, last.response.content.length]).toEqual([
      'response',
      'HTTP/2',
      100_000,
    ]);
  });

  it('resets only the stream of a request unsubscribed from: the session serves the next one', async () => {
    const seen: string[] = [];
    const server = await h2((req, res) => {
      if (req.url === '/hang') {
        req.once('aborted', () => seen.push('aborted'));
        req.stream.once('close', () => seen.push(`closed, response ended: ${res.writableEnded}`));
        res.writeHead(200);
        res.write('part');
        return;
      }
      res.end('fine');
    });
    const c = client({ http2: true });
    const subscription = c.stream('GET', `${server.origin}/hang`).subscribe();
    await vi.waitFor(() => expect(server.requests).toEqual(['2.0 /hang']));
    subscription.unsubscribe();
    // The client reset the stream (RST_STREAM) while the server was still answering it.
    await vi.waitFor(() => expect(seen).toEqual(['aborted', 'closed, response ended: false']));
    expect(server.sessionList[0]!.closed).toBe(false);
    expect((await fetch(c, `${server.origin}/next`)).text).toBe('fine');
    expect([server.connections, server.sessions]).toEqual([1, 1]);
  });

  it('times out reading a stream the server never answers, and the session serves the next request', async () => {
    const server = await h2((req, res) => {
      if (req.url !== '/never') res.end('answered');
    });
    const c = client({ http2: true, timeout: { read: 200 } });
    expect((await fetch(c, `${server.origin}/first`)).text).toBe('answered');
    await expect(fetch(c, `${server.origin}/never`)).rejects.toBeInstanceOf(ReadTimeout);
    expect((await fetch(c, `${server.origin}/after`)).text).toBe('answered');
    expect([server.connections, server.sessions]).toEqual([1, 1]);
  });

  it('serves h2 and HTTP/1.1 origins from one client, each counted in String(client)', async () => {
    const secure = await h2((req, res) => res.end(req.httpVersion));
    const cleartext = await plain();
    const c = client({ http2: true });
    const [a, b] = await Promise.all([fetch(c, `${secure.origin}/`), fetch(c, cleartext.url)]);
    expect([a.httpVersion, a.text, b.httpVersion, b.text]).toEqual([
      'HTTP/2',
      '2.0',
      'HTTP/1.1',
      'plain 1.1',
    ]);
    await vi.waitFor(() => expect(String(c)).toBe('<Client [0 active, 2 idle]>'));
  });

  it("sends an odd request target over HTTP/1.1 beside the origin's h2 connection, each response naming its own", async () => {
    const server = await h2((req, res) => res.end(`${req.httpVersion} ${req.url}`));
    const c = client({ http2: true });
    expect((await fetch(c, `${server.origin}/a`)).httpVersion).toBe('HTTP/2');
    const star = await firstValueFrom(c.options(`${server.origin}/`, { extensions: { target: '*' } }));
    expect([star.httpVersion, star.text]).toEqual(['HTTP/1.1', '1.1 *']);
    expect((await fetch(c, `${server.origin}/b`)).httpVersion).toBe('HTTP/2');
    expect(server.negotiated).toEqual(['h2', 'http/1.1']);
  });
});
