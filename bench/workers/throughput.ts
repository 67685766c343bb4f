/**
 * One throughput measurement, in a process of its own so its CPU time and peak RSS belong to
 * one contender: `concurrency` workers each send request after request for `warmupMs` (not
 * measured), then again for `durationMs`, timing every request.
 */
import { performance } from 'node:perf_hooks';
import type { Session } from '../contenders/contender.ts';
import { contenderNamed } from '../contenders/index.ts';
import type { ThroughputParams, ThroughputSample } from '../protocol.ts';
import { serverStats } from '../server-control.ts';
import { machineBusyMicros } from './machine-load.ts';
import { cpuMicros, maxRssMB, readParams, report, runWorker } from './worker-io.ts';

/** Request latencies in ms; preallocated, and only the pages written to become resident. */
const latencies = new Float64Array(1 << 22);

/** `concurrency` loops of request after request until `until`; returns how many completed. */
async function drive(session: Session, params: ThroughputParams, until: number, record: boolean) {
  let count = 0;
  const loop = async (): Promise<void> => {
    while (performance.now() < until) {
      const start = performance.now();
      await session.request(params.path);
      const index = count++;
      if (record && index < latencies.length) latencies[index] = performance.now() - start;
    }
  };
  await Promise.all(Array.from({ length: params.concurrency }, loop));
  return count;
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

runWorker(async () => {
  const params = readParams<ThroughputParams>();
  const open = await contenderNamed(params.contender).load();
  const session = open(params.origin, params.connections);
  const loadedRssMB = process.memoryUsage().rss / 1e6;
  await drive(session, params, performance.now() + params.warmupMs, false);

  const serverBefore = await serverStats(params.origin);
  const machineBefore = machineBusyMicros();
  const cpuBefore = cpuMicros();
  const start = performance.now();
  const requests = await drive(session, params, start + params.durationMs, true);
  const elapsedMs = performance.now() - start;
  const cpu = cpuMicros() - cpuBefore;
  const machineAfter = machineBusyMicros();
  const serverAfter = await serverStats(params.origin);
  const serverCpu = serverAfter.cpuMicros - serverBefore.cpuMicros;
  const machineCpu =
    machineBefore === undefined || machineAfter === undefined ? Number.NaN : machineAfter - machineBefore;
  const share = (micros: number): number => (micros / (elapsedMs * 1000)) * 100;

  const sorted = latencies.subarray(0, Math.min(requests, latencies.length)).sort();
  const sample: ThroughputSample = {
    requests,
    requestsPerSecond: (requests * 1000) / elapsedMs,
    cpuMicrosPerRequest: cpu / requests,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    loadedRssMB,
    maxRssMB: maxRssMB(),
    serverCpuPercent: share(serverCpu),
    otherCpuPercent: Math.max(0, share(machineCpu - cpu - serverCpu)),
  };
  report(sample);
});
