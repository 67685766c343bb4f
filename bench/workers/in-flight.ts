/**
 * Many requests in flight, in a process of its own run with `--expose-gc`: `count` GETs to
 * `/hold` at once over a pool of `connections` sockets. The server holds the ones it receives;
 * the rest wait in the client's queue. Memory is taken (after a full GC) before they are
 * issued and once the server holds a full pool of them; then they are released and finish.
 */
import { lastValueFrom } from 'rxjs';
import { Agent, request } from 'undici';
import { httprxClientMaker } from '../contenders/httprx-client.ts';
import type { InFlightParams, InFlightSample } from '../protocol.ts';
import { control, waitForServer } from '../server-control.ts';
import { readParams, report, runWorker } from './worker-io.ts';

interface Sender {
  /** Sends `GET path`; the returned Promise settles once its whole body is read. */
  send(path: string): Promise<unknown>;
}

async function httprxSender(origin: string, connections: number): Promise<Sender> {
  const client = (await httprxClientMaker())(origin, connections);
  return { send: (path) => lastValueFrom(client.get(path)) };
}

function undiciSender(origin: string, connections: number): Sender {
  const dispatcher = new Agent({ connections });
  return { send: async (path) => (await request(origin + path, { dispatcher })).body.arrayBuffer() };
}

function measure(): { rss: number; heap: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run the in-flight measurement with --expose-gc');
  gc();
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}

runWorker(async () => {
  const { contender, origin, count, connections } = readParams<InFlightParams>();
  const sender =
    contender === 'httprx get' ? await httprxSender(origin, connections) : undiciSender(origin, connections);
  // Warm-up: load every code path and open the whole pool, so only the requests' own state is counted.
  for (let round = 0; round < 3; round++) {
    await Promise.all(Array.from({ length: connections }, () => sender.send('/small')));
  }

  const before = measure();
  await control(origin, '/_arm');
  const pending: Promise<unknown>[] = new Array(count);
  for (let i = 0; i < count; i++) pending[i] = sender.send('/hold');
  await waitForServer(origin, (stats) => stats.held >= Math.min(count, connections), 60_000, 5);
  const after = measure();
  await control(origin, '/_release');
  await Promise.all(pending);

  const sample: InFlightSample = {
    rssBytesPerRequest: (after.rss - before.rss) / count,
    heapBytesPerRequest: (after.heap - before.heap) / count,
  };
  report(sample);
});
