import type { IncomingMessage, ServerResponse } from 'node:http';
import { filter, lastValueFrom, take } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { trackedPerTest } from './support/tracked.ts';

const { serve, client } = trackedPerTest();

/** Sends a first chunk, then nothing more: the response never ends on its own. */
function endless(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'Content-Length': String(1 << 20) });
  res.write(Buffer.alloc(1024, 97));
}

describe('unsubscribing', () => {
  it('during the download closes the socket on the server side and frees the pool', async () => {
    const h = await serve(endless);
    const c = client();
    const first = await lastValueFrom(
      c.stream('GET', h.url).pipe(
        filter((e) => e.type === 'chunk'),
        take(1),
      ),
    );
    expect(first.type === 'chunk' && first.data.length).toBe(1024);
    await h.abandoned;
    await vi.waitFor(() => expect(String(c)).toBe('<Client [0 active, 0 idle]>'));
  });

  it('while waiting for headers aborts the request', async () => {
    const h = await serve(() => {});
    const c = client();
    const subscription = c.get(h.url).subscribe();
    await vi.waitFor(() => expect(h.requests.length).toBe(1));
    subscription.unsubscribe();
    await h.abandoned;
  });

  it('frees the pool slot at once, so a queued request goes ahead', async () => {
    let calls = 0;
    const h = await serve((req, res) => {
      calls++;
      if (calls === 1) return endless(req, res);
      res.end('second');
    });
    const c = client({ limits: { maxConnections: 1 } });
    const hanging = c.get(h.url).subscribe();
    await vi.waitFor(() => expect(h.requests.length).toBe(1));
    const queued = lastValueFrom(c.get(h.url));
    hanging.unsubscribe();
    expect((await queued).text).toBe('second');
    expect(h.connections).toBe(2);
  });

  it('a request still queued for a slot never reaches the server', async () => {
    const h = await serve((req, res) => (h.requests.length === 1 ? endless(req, res) : res.end('third')));
    const c = client({ limits: { maxConnections: 1 } });
    const first = c.get(h.url).subscribe();
    await vi.waitFor(() => expect(h.requests.length).toBe(1));
    const second = c.get(`${h.origin}/never`).subscribe();
    second.unsubscribe();
    first.unsubscribe();
    expect((await lastValueFrom(c.get(`${h.origin}/third`))).text).toBe('third');
    expect(h.requests.length).toBe(2);
  });

  it('during an upload stops the body and closes the connection', async () => {
    let received = 0;
    const h = await serve((req) => {
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
    });
    const c = client();
    async function* body(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 1024; i++) {
        yield new Uint8Array(64 * 1024);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const upload = await lastValueFrom(
      c.events('POST', h.url, { content: body() }).pipe(
        filter((e) => e.type === 'upload'),
        take(1),
      ),
    );
    expect(upload.type === 'upload' && upload.loaded).toBeGreaterThan(0);
    await h.abandoned;
    expect(received).toBeLessThan(1024 * 64 * 1024);
  });
});
