/**
 * Cancellation, in a process of its own: a GET to `/endless` is cancelled on its first chunk
 * (httprx: unsubscribe; undici.stream: `AbortController.abort()`), and the time from that call
 * to the server seeing the socket end is taken, both clocks being
 * `performance.timeOrigin + performance.now()`. The client's socket (from undici's
 * `undici:client:connected` diagnostics channel) is checked right after the call and again in
 * the next `setImmediate`, one event-loop turn later.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { Agent } from 'undici';
import { importHttprx } from '../httprx-source.ts';
import type { CancelParams, CancelSample } from '../protocol.ts';
import { serverStats, waitForServer } from '../server-control.ts';
import { readParams, report, runWorker } from './worker-io.ts';

interface Cancellation {
  at: number;
  destroyedAtOnce: boolean;
  destroyedInOneTurn: boolean;
}

/** Starts a GET to `/endless` and calls `cancel` on its first chunk (sync, inside the data callback). */
type Starter = (onFirstChunk: (cancel: () => void) => void) => void;

const wallClock = (): number => performance.timeOrigin + performance.now();

let lastSocket: Socket | undefined;
subscribe('undici:client:connected', (message) => {
  lastSocket = (message as { socket: Socket }).socket;
});

async function httprxStarter(origin: string): Promise<Starter> {
  const { Client } = await importHttprx();
  const client = new Client({ baseUrl: origin });
  return (onFirstChunk) => {
    let first = true;
    const subscription = client.stream('GET', '/endless').subscribe({
      next(event) {
        if (event.type !== 'chunk' || !first) return;
        first = false;
        onFirstChunk(() => subscription.unsubscribe());
      },
      error() {},
    });
  };
}

function undiciStarter(origin: string): Starter {
  const agent = new Agent({ connections: 1 });
  return (onFirstChunk) => {
    const abort = new AbortController();
    let first = true;
    const sink = new Writable({
      write(_chunk: Buffer, _encoding, callback) {
        if (first) {
          first = false;
          onFirstChunk(() => abort.abort());
        }
        callback();
      },
    });
    agent
      .stream({ origin, path: '/endless', method: 'GET', signal: abort.signal }, () => sink)
      .catch(() => {});
  };
}

function cancelOnce(start: Starter): Promise<Cancellation> {
  return new Promise((resolve) => {
    start((cancel) => {
      const socket = lastSocket;
      const at = wallClock();
      cancel();
      const destroyedAtOnce = socket?.destroyed ?? false;
      setImmediate(() => resolve({ at, destroyedAtOnce, destroyedInOneTurn: socket?.destroyed ?? false }));
    });
  });
}

runWorker(async () => {
  const { contender, origin, repeats } = readParams<CancelParams>();
  const start = contender === 'httprx unsubscribe' ? await httprxStarter(origin) : undiciStarter(origin);
  const samples: CancelSample[] = [];
  for (let i = 0; i <= repeats; i++) {
    const { closes } = await serverStats(origin);
    const cancellation = await cancelOnce(start);
    const stats = await waitForServer(origin, (s) => s.closes > closes, 10_000, 1);
    if (i === 0) continue;
    samples.push({
      closeMs: stats.lastClose - cancellation.at,
      destroyedAtOnce: cancellation.destroyedAtOnce,
      destroyedInOneTurn: cancellation.destroyedInOneTurn,
    });
  }
  report(samples);
});
