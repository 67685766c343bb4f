import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, tap } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, FlowControl } from '../../src/index.ts';

const MiB = 1024 * 1024;
const TOTAL = 64 * MiB;
const PIECE = Buffer.alloc(64 * 1024, 0x61);

/** A server that writes TOTAL bytes as fast as the connection takes them, counting what it wrote. */
async function startWriter(): Promise<{ url: string; written: () => number; close: () => Promise<void> }> {
  let written = 0;
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-length': TOTAL });
    const pump = (): void => {
      while (written < TOTAL) {
        written += PIECE.length;
        if (!response.write(PIECE)) {
          response.once('drain', pump);
          return;
        }
      }
      response.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    written: () => written,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits (at most 5 s) until `read` stops growing over three looks 100 ms apart; returns it. */
async function settled(read: () => number): Promise<number> {
  let last = -1;
  let same = 0;
  for (let looks = 0; looks < 50 && same < 3; looks++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe('FlowControl (extensions.flow)', () => {
  it('backpressure: a paused stream() reads no more, so the server cannot write on; resume() reads the rest, nothing lost', async () => {
    const server = await startWriter();
    try {
      const client = new Client({ timeout: null });
      clients.push(client);
      const flow = new FlowControl();
      let received = 0;
      let whilePaused = 0;
      const done = lastValueFrom(
        client.stream('GET', server.url, { extensions: { flow } }).pipe(
          tap((event) => {
            if (event.type !== 'chunk') return;
            received += event.data.length;
            if (flow.paused) whilePaused += event.data.length;
            else if (received === event.data.length) flow.pause(); // the first chunk
          }),
        ),
      );
      const stalledAt = await settled(server.written);
      // The connection's buffers hold a few MiB at most: the server is stuck far from the end.
      expect(stalledAt).toBeLessThan(16 * MiB);
      expect(received).toBeLessThan(16 * MiB);
      expect(flow.paused).toBe(true);
      flow.resume();
      const last = await done;
      expect(last.type).toBe('response');
      expect([received, server.written()]).toEqual([TOTAL, TOTAL]);
      expect(whilePaused).toBeLessThan(16 * MiB);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('without a pause, the same download is read to its end at once (the control case)', async () => {
    const server = await startWriter();
    try {
      const client = new Client({ timeout: null });
      clients.push(client);
      let received = 0;
      await lastValueFrom(
        client.stream('GET', server.url).pipe(
          tap((event) => {
            if (event.type === 'chunk') received += event.data.length;
          }),
        ),
      );
      expect([received, server.written()]).toEqual([TOTAL, TOTAL]);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('paused before the response starts, holds it from its first byte', async () => {
    const server = await startWriter();
    try {
      const client = new Client({ timeout: null });
      clients.push(client);
      const flow = new FlowControl();
      flow.pause();
      let received = 0;
      const done = lastValueFrom(
        client.stream('GET', server.url, { extensions: { flow } }).pipe(
          tap((event) => {
            if (event.type === 'chunk') received += event.data.length;
          }),
        ),
      );
      expect(await settled(server.written)).toBeLessThan(16 * MiB);
      expect(received).toBeLessThan(16 * MiB);
      flow.resume();
      await done;
      expect(received).toBe(TOTAL);
    } finally {
      await server.close();
    }
  }, 30_000);
});
