/**
 * Issue 13 item 5: 2,000 failed handshakes leak no memory or sockets. A client that keeps
 * meeting a certificate it refuses (a hostile or broken server, a retry loop) must let each
 * failed socket go: no handle left open, no listener added for good, no socket kept reachable.
 *
 * How it is measured (vitest runs the spec in a fork without `--expose-gc`): `gc` is switched
 * on from inside with `v8.setFlagsFromString('--expose-gc')` and taken from a fresh context;
 * every client socket Node creates is seen on the `net.client.socket` diagnostics channel and
 * held only by a `WeakRef`, so after a collection the live ones are counted exactly. The heap
 * bound is generous (a leak of a socket per handshake would be several times it); the socket
 * count is the sharp assertion.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { from, lastValueFrom, mergeMap, reduce } from 'rxjs';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Client, ConnectError } from '../../src/index.ts';
import { testCa } from './support/certs.ts';
import { startTlsRecorder, type TlsRecorder } from './support/tls-recorder.ts';

const FAILURES = 2000;
const dir = mkdtempSync(join(tmpdir(), 'httprx-tls-leaks-'));
let ca: ReturnType<typeof testCa>;
let server: TlsRecorder;
const sockets: WeakRef<Socket>[] = [];
const seeSocket = (message: unknown) => sockets.push(new WeakRef((message as { socket: Socket }).socket));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

beforeAll(async () => {
  ca = testCa(dir);
  server = await startTlsRecorder(ca.sign('expired', { start: '20200101000000Z', end: '20200102000000Z' }));
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Collects until the heap settles; a macrotask between rounds lets WeakRef targets go. */
async function collect(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

function handles(): number {
  return (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
}

function listeners(): number {
  return process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0);
}

async function fail(client: Client, count: number): Promise<number> {
  return lastValueFrom(
    from(Array.from({ length: count })).pipe(
      mergeMap(
        () =>
          // Only the class is kept: the error (with its request and cause) is let go at once.
          lastValueFrom(client.get(server.url)).then(
            () => 'answered',
            (e: unknown) => (e instanceof ConnectError ? 'refused' : String(e)),
          ),
        16,
      ),
      reduce((refused, outcome) => refused + (outcome === 'refused' ? 1 : 0), 0),
    ),
  );
}

it(`resource exhaustion: ${FAILURES} failed handshakes leave no socket, handle or listener behind`, async () => {
  const client = new Client({ verify: ca.cert, trustEnv: false });
  try {
    // A warm-up, so that what undici, TLS and the JIT keep for good is there before the baseline.
    expect(await fail(client, 50)).toBe(50);
    await vi.waitFor(() => expect(server.open).toBe(0), { timeout: 5000 });
    const baseline = { heap: await collect(), handles: handles(), listeners: listeners() };
    subscribe('net.client.socket', seeSocket);
    let refused: number;
    try {
      refused = await fail(client, FAILURES);
    } finally {
      unsubscribe('net.client.socket', seeSocket);
    }
    expect(refused).toBe(FAILURES);
    expect(sockets.length).toBe(FAILURES);
    // Every handshake reached the server, and no request byte followed any of them.
    expect(server.accepted).toBe(FAILURES + 50);
    expect(server.bytes).toBe(0);
    // Both ends let go of every socket.
    await vi.waitFor(() => expect(server.open).toBe(0), { timeout: 5000 });
    await vi.waitFor(() => expect(handles()).toBeLessThanOrEqual(baseline.handles), { timeout: 5000 });
    expect(String(client)).toBe('<Client [0 active, 0 idle]>');
    expect(listeners()).toBe(baseline.listeners);
    const heap = await collect();
    const alive = sockets.filter((ref) => ref.deref() !== undefined).length;
    expect(alive, 'client sockets still reachable after a collection').toBe(0);
    expect(heap - baseline.heap, 'heap growth in bytes').toBeLessThan(8 * 1024 * 1024);
  } finally {
    await client.close();
  }
}, 60_000);
