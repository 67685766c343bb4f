/**
 * Issue 13 item 6: many requests sharing one cancellation and a timeout leave no listener or
 * timer behind, and `close()` with idle keep-alive sockets lets the process exit by itself.
 */
import { execFile } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { join } from 'node:path';
import { from, fromEvent, lastValueFrom, mergeMap, reduce, Subject, takeUntil } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client } from '../../src/index.ts';
import { CountingScheduler } from './support/counting-scheduler.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer((req, res) => {
    // '/hold' is never answered; everything else at once.
    if (req.url !== '/hold') res.end('ok');
  });
});

afterAll(() => server.close());

/** `count` GETs of `path`, `concurrency` at a time, each until `cancel$` or `signal`, counted by outcome. */
function send(client: Client, path: string, count: number, cancel$: Subject<void>, signal: AbortSignal) {
  return lastValueFrom(
    from(Array.from({ length: count })).pipe(
      mergeMap(
        () =>
          client
            .get(`${server.origin}${path}`, { timeout: { total: 30_000 } })
            .pipe(takeUntil(cancel$), takeUntil(fromEvent(signal, 'abort'))),
        64,
      ),
      reduce((n) => n + 1, 0),
      takeUntil(cancel$),
    ),
    { defaultValue: -1 },
  );
}

describe('resources shared by many requests', () => {
  it('listener and timer leaks: 10,000 requests sharing one cancellation and a timeout leave none behind', async () => {
    const scheduler = new CountingScheduler();
    const client = new Client({ scheduler, trustEnv: false, limits: { maxConnections: 64 } });
    const cancel$ = new Subject<void>();
    const abort = new AbortController();
    try {
      expect(await send(client, '/ok', 10_000, cancel$, abort.signal)).toBe(10_000);
      expect(cancel$.observed, 'the shared Subject still has subscribers').toBe(false);
      expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
      expect(scheduler.pending, 'timers still pending').toBe(0);
      // Every request had its clocks: the count above is not zero for want of any.
      expect(scheduler.added).toBeGreaterThanOrEqual(10_000);
      expect(String(client)).toMatch(/^<Client \[0 active, \d+ idle\]>$/);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('listener and timer leaks: the shared cancellation fired with 64 requests in flight stops them all and leaves none behind', async () => {
    const scheduler = new CountingScheduler();
    const client = new Client({ scheduler, trustEnv: false, limits: { maxConnections: 64 } });
    const cancel$ = new Subject<void>();
    const abort = new AbortController();
    try {
      const sent = send(client, '/hold', 1000, cancel$, abort.signal);
      await vi.waitFor(() => expect(String(client)).toBe('<Client [64 active, 0 idle]>'), { timeout: 5000 });
      expect(getEventListeners(abort.signal, 'abort')).toHaveLength(64);
      cancel$.next();
      expect(await sent).toBe(-1);
      expect(cancel$.observed).toBe(false);
      expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
      expect(scheduler.pending, 'timers still pending').toBe(0);
      await vi.waitFor(() => expect(String(client)).toBe('<Client [0 active, 0 idle]>'), { timeout: 5000 });
      await vi.waitFor(() => expect(server.openSockets).toBe(0), { timeout: 5000 });
    } finally {
      await client.close();
    }
  }, 30_000);
});

describe('close()', () => {
  it('hang on exit: close() with idle keep-alive sockets lets the process exit by itself', async () => {
    const closedBefore = server.closedSockets;
    // The child never calls process.exit: it ends only when nothing keeps its event loop alive.
    const script = `
      import { lastValueFrom, merge, toArray } from 'rxjs';
      import { Client } from ${JSON.stringify(join(process.cwd(), 'src/index.ts'))};
      const client = new Client({ trustEnv: false });
      const url = ${JSON.stringify(`${server.origin}/ok`)};
      const texts = (await lastValueFrom(merge(client.get(url), client.get(url), client.get(url)).pipe(toArray()))).map((r) => r.text);
      console.log(texts.join(','), String(client));
      await client.close();
      console.log(String(client));`;
    const { code, signal, stdout, stderr } = await new Promise<{
      code: number | null;
      signal: string | null;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      // The timeout is a hang guard (the child is killed and the test fails), not a measurement.
      const child = execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { timeout: 15_000 },
        (_error, out, err) =>
          resolve({ code: child.exitCode, signal: child.signalCode, stdout: out, stderr: err }),
      );
    });
    expect({ code, signal }, stderr).toEqual({ code: 0, signal: null });
    expect(stdout.trim().split('\n')).toEqual([
      'ok,ok,ok <Client [0 active, 3 idle]>',
      '<Client [0 active, 0 idle]>',
    ]);
    await vi.waitFor(() => expect(server.closedSockets - closedBefore).toBe(3), { timeout: 5000 });
  }, 30_000);
});
