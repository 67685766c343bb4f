/**
 * One large download in a process of its own: `/stream?bytes=N` through httprx `stream()`
 * (counting the `chunk` events) or `undici.stream` (into a Writable that counts and drops),
 * after a smaller warm-up download. Reports throughput and peak RSS.
 */
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { Agent } from 'undici';
import { importHttprx } from '../httprx-source.ts';
import type { LargeBodyParams, LargeBodySample } from '../protocol.ts';
import { serverStats } from '../server-control.ts';
import { cpuMicros, maxRssMB, readParams, report, runWorker } from './worker-io.ts';

type Download = (path: string) => Promise<number>;

/** httprx is imported only where it is measured, so it adds nothing to undici's RSS. */
async function httprxDownload(origin: string): Promise<Download> {
  const { Client } = await importHttprx();
  const client = new Client({ baseUrl: origin });
  return (path) =>
    new Promise((resolve, reject) => {
      let size = 0;
      client.stream('GET', path).subscribe({
        next(event) {
          if (event.type === 'chunk') size += event.data.length;
        },
        error: reject,
        complete: () => resolve(size),
      });
    });
}

function undiciDownload(origin: string): Download {
  const agent = new Agent({ connections: 1 });
  return async (path) => {
    let size = 0;
    const discard = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        callback();
      },
    });
    await agent.stream({ origin, path, method: 'GET' }, () => discard);
    return size;
  };
}

runWorker(async () => {
  const { contender, origin, bytes } = readParams<LargeBodyParams>();
  const download = contender === 'httprx stream' ? await httprxDownload(origin) : undiciDownload(origin);
  const loadedRssMB = process.memoryUsage().rss / 1e6;
  const warmup = Math.min(64 * 1024 * 1024, Math.ceil(bytes / 16));
  await download(`/stream?bytes=${warmup}`);

  const serverBefore = await serverStats(origin);
  const cpuBefore = cpuMicros();
  const start = performance.now();
  const size = await download(`/stream?bytes=${bytes}`);
  const seconds = (performance.now() - start) / 1000;
  const cpu = cpuMicros() - cpuBefore;
  const serverAfter = await serverStats(origin);
  if (size !== bytes) throw new Error(`${contender} received ${size} bytes, not ${bytes}`);
  const mib = bytes / (1024 * 1024);
  const sample: LargeBodySample = {
    mibPerSecond: mib / seconds,
    loadedRssMB,
    maxRssMB: maxRssMB(),
    cpuMsPerMiB: cpu / 1000 / mib,
    serverCpuPercent: ((serverAfter.cpuMicros - serverBefore.cpuMicros) / (seconds * 1e6)) * 100,
  };
  report(sample);
});
