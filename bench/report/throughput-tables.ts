/** The throughput tables: requests/s at a glance, then every column per body and concurrency. */
import { BASELINE } from '../contenders/index.ts';
import type { Body } from '../settings.ts';
import { summarize } from '../stats.ts';
import type { ThroughputResult } from '../suites/throughput.ts';
import { cell, failed, formatRatio, table } from './format.ts';

/** Median requests/s of one result. */
export function medianRate(result: ThroughputResult | undefined): number {
  return result ? summarize(result.samples.map((s) => s.requestsPerSecond)).median : Number.NaN;
}

function find(results: readonly ThroughputResult[], contender: string, body: Body, concurrency: number) {
  return results.find((r) => r.contender === contender && r.body === body && r.concurrency === concurrency);
}

/** `contender`'s median requests/s over `other`'s, for one body and concurrency. */
export function rateRatio(
  results: readonly ThroughputResult[],
  contender: string,
  other: string,
  body: Body,
  concurrency: number,
): number {
  return (
    medianRate(find(results, contender, body, concurrency)) /
    medianRate(find(results, other, body, concurrency))
  );
}

function contendersOf(results: readonly ThroughputResult[]): string[] {
  return [...new Set(results.map((r) => r.contender))];
}

/** Requests/s per contender, a column pair per concurrency, with the ratio to undici.request. */
export function glanceTable(results: readonly ThroughputResult[], body: Body): string {
  const concurrencies = [...new Set(results.filter((r) => r.body === body).map((r) => r.concurrency))];
  const header = ['Contender'];
  for (const c of concurrencies) header.push(`c=${c} requests/s`, `c=${c} × ${BASELINE}`);
  const rows = contendersOf(results).map((contender) => {
    const row = [contender];
    for (const c of concurrencies) {
      const result = find(results, contender, body, c);
      if (!result || result.samples.length === 0) {
        row.push(failed(result?.errors ?? []), 'n/a');
        continue;
      }
      row.push(cell(result.samples, (s) => s.requestsPerSecond));
      row.push(formatRatio(rateRatio(results, contender, BASELINE, body, c)));
    }
    return row;
  });
  return table(header, rows);
}

/** Every column for one body and concurrency. */
export function detailTable(results: readonly ThroughputResult[], body: Body, concurrency: number): string {
  const header = [
    'Contender',
    'Requests/s',
    `× ${BASELINE}`,
    'CPU µs/req',
    'p50 ms',
    'p99 ms',
    'RSS loaded MB',
    'Peak RSS MB',
    'Server CPU %',
  ];
  const rows = contendersOf(results).map((contender) => {
    const result = find(results, contender, body, concurrency);
    if (!result || result.samples.length === 0) return [contender, failed(result?.errors ?? [])];
    const { samples } = result;
    return [
      contender,
      cell(samples, (s) => s.requestsPerSecond),
      formatRatio(rateRatio(results, contender, BASELINE, body, concurrency)),
      cell(samples, (s) => s.cpuMicrosPerRequest, 1),
      cell(samples, (s) => s.p50Ms, 3),
      cell(samples, (s) => s.p99Ms, 3),
      cell(samples, (s) => s.loadedRssMB),
      cell(samples, (s) => s.maxRssMB),
      cell(samples, (s) => s.serverCpuPercent),
    ];
  });
  return table(header, rows);
}

/** How busy the rest of the machine and the server were during the measured windows. */
export function noiseNote(results: readonly ThroughputResult[]): string {
  const other = summarize(results.flatMap((r) => r.samples.map((s) => s.otherCpuPercent)));
  const server = summarize(results.flatMap((r) => r.samples.map((s) => s.serverCpuPercent)));
  if (server.n === 0) return '';
  const noise =
    other.n === 0
      ? ''
      : `Other processes on the machine used a median ${other.median.toFixed(0)}% of a core during the ` +
        `measured windows (at most ${other.max.toFixed(0)}%). `;
  const busiest = results
    .filter((r) => summarize(r.samples.map((s) => s.serverCpuPercent)).median >= 75)
    .map((r) => `${r.contender} (${r.body}, c=${r.concurrency})`);
  const bound =
    busiest.length === 0
      ? `The server used at most ${server.max.toFixed(0)}% of its core: the clients set the pace.`
      : `The server used 75% of a core or more (median) for ${busiest.join(', ')}: those may be held back by it.`;
  const retries = results.reduce((sum, r) => sum + r.retries, 0);
  const repeated =
    retries === 0
      ? ''
      : ` ${retries} measurement(s) were repeated because other processes were busy during them.`;
  return noise + bound + repeated;
}
