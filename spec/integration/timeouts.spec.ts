import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { lastValueFrom, tap } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import {
  Client,
  ConnectTimeout,
  type HttpEvent,
  PoolTimeout,
  ReadTimeout,
  TotalTimeout,
  WriteTimeout,
} from '../../src/index.ts';
import { trackedPerTest } from './support/tracked.ts';

const { serve, client } = trackedPerTest();

/** Waits (bounded) until `predicate` holds; the caller asserts afterwards. */
async function until(predicate: () => boolean, limitMs = 3000): Promise<void> {
  for (let waited = 0; !predicate() && waited < limitMs; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Subscribes and collects every event until the stream ends; resolves with them and the error, if any. */
async function run(events$: ReturnType<Client['events']>): Promise<{ seen: HttpEvent[]; error: unknown }> {
  const seen: HttpEvent[] = [];
  try {
    await lastValueFrom(events$.pipe(tap((event) => seen.push(event))));
    return { seen, error: undefined };
  } catch (error) {
    return { seen, error };
  }
}

describe('phase timeouts against real servers', () => {
  it('raises ReadTimeout when the server never answers, and frees the connection', async () => {
    const h = await serve((req, res) => {
      if (req.url !== '/silent') res.end('ok');
    });
    const c = client({ timeout: { read: 200 } });
    const { seen, error } = await run(c.events('GET', `${h.origin}/silent`));
    expect(error).toBeInstanceOf(ReadTimeout);
    expect((error as ReadTimeout).request.url.pathname).toBe('/silent');
    // `timing`: the new connection's TCP connect.
    expect(seen.map((event) => event.type)).toEqual(['sent', 'timing']);
    // The server sees its client go away: the request was aborted, its socket closed.
    await h.abandoned;
    await h.settle(() => h.closedSockets === 1);
    expect(h.closedSockets).toBe(1);
    await vi.waitFor(() => expect(String(c)).toBe('<Client [0 active, 0 idle]>'));
    // And the client carries on.
    expect((await lastValueFrom(c.get(`${h.origin}/next`))).text).toBe('ok');
  });

  it('raises ReadTimeout when the body stalls after the headers', async () => {
    const h = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '10' });
      res.write('hello');
    });
    const c = client({ timeout: { read: 200 } });
    const { seen, error } = await run(c.stream('GET', h.url));
    expect(error).toBeInstanceOf(ReadTimeout);
    expect(seen.map((event) => event.type)).toEqual(['sent', 'timing', 'headers', 'download', 'chunk']);
    await h.settle(() => h.closedSockets === 1);
    expect(h.closedSockets).toBe(1);
  });

  it('restarts the read clock on every chunk, so a body slower than the limit in all completes', async () => {
    const h = await serve((_req, res) => {
      let sent = 0;
      const timer = setInterval(() => {
        if (++sent < 6) res.write('x');
        else {
          clearInterval(timer);
          res.end('x');
        }
      }, 100);
      res.on('close', () => clearInterval(timer));
    });
    // Six pieces 100 ms apart: 600 ms in all, never 400 ms without one.
    const c = client({ timeout: { read: 400 } });
    expect((await lastValueFrom(c.get(h.url))).text).toBe('xxxxxx');
  });

  it('lets a request switch its timeouts off with timeout: null, while the client default still applies to others', async () => {
    const h = await serve((_req, res) => {
      setTimeout(() => res.end('late'), 300);
    });
    const c = client({ timeout: { read: 100 } });
    await expect(lastValueFrom(c.get(h.url))).rejects.toBeInstanceOf(ReadTimeout);
    expect((await lastValueFrom(c.get(h.url, { timeout: null }))).text).toBe('late');
    expect((await lastValueFrom(c.get(h.url, { timeout: { read: 2000 } }))).text).toBe('late');
  });

  it('raises WriteTimeout when the server stops reading the body, and frees the connection', async () => {
    // The server does not read: once the socket buffers on both sides are full, writing stalls.
    const paused: IncomingMessage[] = [];
    const h = await serve((req) => {
      paused.push(req.pause());
    });
    const c = client({ timeout: { write: 300 } });
    const size = 64 * 1024 * 1024;
    const { seen, error } = await run(c.events('POST', h.url, { content: new Uint8Array(size) }));
    expect(error).toBeInstanceOf(WriteTimeout);
    const uploads = seen.filter((event) => event.type === 'upload');
    expect(uploads.length).toBeGreaterThan(0);
    expect(uploads.at(-1)?.loaded).toBeLessThan(size);
    expect(seen.some((event) => event.type === 'headers')).toBe(false);
    // A socket that does not read cannot see its peer go: read again, and find the end.
    for (const req of paused) req.resume();
    await h.settle(() => h.closedSockets === 1);
    expect(h.closedSockets).toBe(1);
    await vi.waitFor(() => expect(String(c)).toBe('<Client [0 active, 0 idle]>'));
  });

  it('raises PoolTimeout for a request waiting for the only slot, and the holder still completes', async () => {
    let holder: ServerResponse | undefined;
    const h = await serve((_req, res) => {
      if (holder === undefined) holder = res;
      else res.end('later');
    });
    const c = client({ limits: { maxConnections: 1 }, timeout: { pool: 200 } });
    const first = lastValueFrom(c.get(h.url));
    await h.settle(() => h.requests.length === 1);
    expect(h.requests).toHaveLength(1);
    const second = await run(c.events('GET', h.url));
    expect(second.error).toBeInstanceOf(PoolTimeout);
    // It waited in the client's queue, above the pipeline: nothing was sent, not even `sent`.
    expect(second.seen).toEqual([]);
    expect(h.requests).toHaveLength(1);
    holder?.end('first');
    expect((await first).text).toBe('first');
    // The timed-out waiter gave its place up: the next request gets the slot.
    expect((await lastValueFrom(c.get(h.url))).text).toBe('later');
    expect(h.requests).toHaveLength(2);
  });

  it('raises TotalTimeout for a body that keeps coming past the deadline, and frees the connection', async () => {
    const h = await serve((_req, res) => {
      const timer = setInterval(() => res.write('x'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const c = client({ timeout: { read: 2000, total: 300 } });
    const { seen, error } = await run(c.stream('GET', h.url));
    expect(error).toBeInstanceOf(TotalTimeout);
    expect(seen.filter((event) => event.type === 'chunk').length).toBeGreaterThan(0);
    await h.abandoned;
    await h.settle(() => h.closedSockets === 1);
    expect(h.closedSockets).toBe(1);
  });
});

describe('the connect timeout against a TLS server that never answers the handshake', () => {
  it('raises ConnectTimeout (the handshake is part of connecting) and closes the half-open socket', async () => {
    const accepted = new Set<Socket>();
    let closed = 0;
    const server: Server = createServer((socket) => {
      accepted.add(socket);
      // Read (and drop) the ClientHello, so the client's close is seen; never answer it.
      socket.resume();
      socket.on('close', () => closed++);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const c = new Client({ timeout: { connect: 200 } });
    try {
      const error = await lastValueFrom(c.get(`https://127.0.0.1:${port}/`)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectTimeout);
      expect((error as ConnectTimeout).message).toBe(
        `GET https://127.0.0.1:${port}/: the connection did not open within 200 ms (timeout.connect)`,
      );
      expect(accepted.size).toBe(1);
      await until(() => closed === 1);
      expect(closed).toBe(1);
      // Nothing is left in flight, so closing the client finishes.
      await c.close();
      expect(c.isClosed).toBe(true);
    } finally {
      await c.close();
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
