import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { ClientClosed, ConnectionPool, RemoteProtocolError } from '../../src/index.ts';
import { type TrackedServer, trackedPerTest } from './support/tracked.ts';

const { serve, client } = trackedPerTest();

/** Lets the pool finish with a connection (undici's idle check) before the next request. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

describe('the connection pool', () => {
  it('reuses one keep-alive connection for requests one after another', async () => {
    const h = await serve((_req, res) => res.end('ok'));
    const c = client();
    for (let i = 0; i < 5; i++) {
      expect((await lastValueFrom(c.get(h.url))).text).toBe('ok');
      await settle();
    }
    expect(h.requests).toHaveLength(5);
    expect(h.connections).toBe(1);
    await vi.waitFor(() => expect(String(c)).toBe('<Client [0 active, 1 idle]>'));
  });

  it('sends awaited back-to-back requests on one connection', async () => {
    // undici takes a freed socket up again only a turn later; the pool holds the next request
    // (sent in that very turn) until then rather than let it open a second connection.
    const h = await serve((_req, res) => res.end('ok'));
    const c = client();
    for (let i = 0; i < 10; i++) await lastValueFrom(c.get(h.url));
    expect(h.requests).toHaveLength(10);
    expect(h.connections).toBe(1);
    await vi.waitFor(() => expect(String(c)).toBe('<Client [0 active, 1 idle]>'));
  });

  it('sends a back-to-back request at once on a connection that is idle already', async () => {
    const h = await serve((req, res) => setTimeout(() => res.end(req.url), req.url === '/slow' ? 30 : 0));
    const c = client();
    // Two connections: one for /slow, one for /a and then /b (held for a turn, as above).
    const slow = lastValueFrom(c.get(new URL('/slow', h.url)));
    await lastValueFrom(c.get(new URL('/warm', h.url)));
    expect((await slow).text).toBe('/slow');
    expect(h.connections).toBe(2);
    // Both idle now: sequential requests never need a third.
    for (const path of ['/a', '/b', '/c'])
      expect((await lastValueFrom(c.get(new URL(path, h.url)))).text).toBe(path);
    expect(h.connections).toBe(2);
  });

  it('never opens more sockets than maxConnections, queueing the rest', async () => {
    const held: ServerResponse[] = [];
    const h = await serve((_req, res) => {
      held.push(res);
      // Answer only once two requests are in flight, so the cap is really tested.
      if (held.length >= 2) for (const r of held.splice(0)) r.end('done');
    });
    const c = client({ limits: { maxConnections: 2 } });
    const all = await Promise.all(Array.from({ length: 6 }, () => lastValueFrom(c.get(h.url))));
    expect(all.map((r) => r.text)).toEqual(Array(6).fill('done'));
    expect(h.requests).toHaveLength(6);
    expect(h.connections).toBe(2);
    expect(h.maxInFlight).toBe(2);
  });

  it('counts maxConnections over every origin of the pool', async () => {
    const held: ServerResponse[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const handler = (_req: IncomingMessage, res: ServerResponse) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      held.push(res);
      if (held.length >= 2) for (const r of held.splice(0)) r.end('x');
    };
    const a = await serve(handler);
    const b = await serve(handler);
    const c = client({ limits: { maxConnections: 2 } });
    const urls = [a.url, b.url, a.url, b.url, a.url, b.url];
    await Promise.all(urls.map((u) => lastValueFrom(c.get(u))));
    expect(a.requests.length + b.requests.length).toBe(6);
    expect(maxInFlight).toBe(2);
  });

  it('closes connections beyond maxKeepaliveConnections once they are idle', async () => {
    const held: ServerResponse[] = [];
    const h = await serve((_req, res) => {
      held.push(res);
      if (held.length >= 3) for (const r of held.splice(0)) r.end('k');
    });
    const c = client({ limits: { maxConnections: 3, maxKeepaliveConnections: 1 } });
    await Promise.all([0, 1, 2].map(() => lastValueFrom(c.get(h.url))));
    expect(h.connections).toBe(3);
    await vi.waitFor(() => expect(h.closedSockets).toBe(2));
    await vi.waitFor(() => expect(String(c)).toBe('<Client [0 active, 1 idle]>'));
  });

  it('keeps every connection alive under steady load above maxKeepaliveConnections', async () => {
    const h = await serve((_req, res) => res.end('k'));
    const c = client({ limits: { maxConnections: 8, maxKeepaliveConnections: 2 } });
    // Eight workers, each sending 25 requests one after another: the pool never idles.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 25; i++) await lastValueFrom(c.get(h.url));
      }),
    );
    expect(h.requests).toHaveLength(200);
    // A connection idle in the gap between one worker's requests may be trimmed, as in httpx; closing after
    // every request beyond the cap would have opened well over a hundred.
    expect(h.connections).toBeLessThan(20);
    expect(h.requests.every((r) => r.headers.connection === 'keep-alive')).toBe(true);
  });

  it('is a public transport that a client can be given', async () => {
    const h = await serve((req, res) => res.end(req.url));
    const pool = new ConnectionPool({ limits: { maxConnections: 1 } });
    const c = client({ transport: pool });
    expect((await lastValueFrom(c.get(`${h.origin}/via-pool`))).text).toBe('/via-pool');
    expect(String(pool)).toMatch(/^<ConnectionPool \[\d active, \d idle\]>$/);
    await c.close();
    expect(pool.closed).toBe(true);
  });
});

describe('a dead keep-alive connection', () => {
  // The server answers the first request of each connection, then drops the connection on the
  // next one without a byte of response: what a server that timed out an idle socket looks like.
  async function droppingServer(): Promise<TrackedServer> {
    const served = new WeakSet<Socket>();
    return serve((req, res) => {
      if (served.has(req.socket)) {
        req.socket.destroy();
        return;
      }
      served.add(req.socket);
      req.resume();
      req.on('end', () => res.end('fresh'));
    });
  }

  it('is sent once more on a fresh connection when the body can be replayed', async () => {
    const h = await droppingServer();
    const c = client();
    expect((await lastValueFrom(c.get(h.url))).text).toBe('fresh');
    await settle();
    expect((await lastValueFrom(c.post(h.url, { content: 'again' }))).text).toBe('fresh');
    expect(h.requests).toHaveLength(3);
    expect(h.connections).toBe(2);
  });

  it('fails as a RemoteProtocolError when the body is a one-shot stream', async () => {
    const h = await droppingServer();
    const c = client();
    await lastValueFrom(c.get(h.url));
    await settle();
    async function* once(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('once');
    }
    const error = await firstValueFrom(c.post(h.url, { content: once() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as RemoteProtocolError).request.method).toBe('POST');
    expect(h.requests).toHaveLength(2);
  });
});

describe('a fresh connection closed before any response', () => {
  it('is not sent again, and fails as a RemoteProtocolError', async () => {
    const h = await serve((req) => req.socket.destroy());
    const c = client();
    const error = await firstValueFrom(c.get(h.url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect(h.requests).toHaveLength(1);
    expect(h.connections).toBe(1);
  });
});

describe('keep-alive settings', () => {
  it('closes every connection after its response when keepaliveExpiry is 0', async () => {
    const h = await serve((_req, res) => res.end('once'));
    const c = client({ limits: { keepaliveExpiry: 0 } });
    for (let i = 0; i < 3; i++) expect((await lastValueFrom(c.get(h.url))).text).toBe('once');
    expect(h.requests.map((r) => r.headers.connection)).toEqual(['close', 'close', 'close']);
    expect(h.connections).toBe(3);
  });
});

describe('closing the pool', () => {
  it('fails a request still waiting for a slot with ClientClosed, sending nothing', async () => {
    const h = await serve(() => {});
    const pool = new ConnectionPool({ limits: { maxConnections: 1 } });
    const c = client({ transport: pool });
    const first = c.get(h.url).subscribe({ error: () => {} });
    await vi.waitFor(() => expect(h.requests).toHaveLength(1));
    const waiting = firstValueFrom(c.get(`${h.origin}/second`)).catch((e: unknown) => e);
    const closed = pool.close();
    first.unsubscribe();
    expect(await waiting).toBeInstanceOf(ClientClosed);
    await closed;
    expect(h.requests).toHaveLength(1);
  });
});
