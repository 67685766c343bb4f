/** RESULTS.md: the header, the bar, the chart, then every table and how it was measured. */
import { BASELINE, contenders } from '../contenders/index.ts';
import { BODIES, CHART_FILE, type Settings } from '../settings.ts';
import type { CancelResult } from '../suites/cancel.ts';
import type { InFlightResult } from '../suites/in-flight.ts';
import type { LargeBodyResult } from '../suites/large-body.ts';
import type { ThroughputResult } from '../suites/throughput.ts';
import { barTable } from './bar-check.ts';
import { formatNumber, table } from './format.ts';
import { machineRows } from './machine.ts';
import { cancelTable, inFlightTable, largeBodyTable } from './other-tables.ts';
import { detailTable, glanceTable, noiseNote } from './throughput-tables.ts';

export interface RunResults {
  startedAt: Date;
  elapsedMs: number;
  /** The httprx measured: version, commit and digest of src/ when the run started. */
  source: string;
  /** src/ was edited while the run went on (the run measured its copy from the start). */
  sourceChanged: boolean;
  throughput: ThroughputResult[];
  largeBody: LargeBodyResult[];
  inFlight: InFlightResult[];
  cancel: CancelResult[];
}

const MiB = 1024 * 1024;

function bytes(count: number): string {
  return count >= 1024 * MiB
    ? `${formatNumber(count / (1024 * MiB), 2)} GiB`
    : `${formatNumber(count / MiB)} MiB`;
}

export function settingsLine(settings: Settings): string {
  return (
    `${settings.rounds} round(s) of ${settings.durationMs} ms after a ${settings.warmupMs} ms warm-up, ` +
    `pool of ${settings.connections} connections`
  );
}

function throughputSection(results: RunResults, settings: Settings): string[] {
  if (results.throughput.length === 0) return [];
  const out: string[] = [];
  if (settings.bodies.includes('small')) {
    out.push(`## Requests per second\n\n![Requests per second per contender](${CHART_FILE})\n`);
  }
  for (const body of settings.bodies) {
    out.push(
      `### \`GET ${BODIES[body]}\`: requests/s, and the ratio to ${BASELINE}\n`,
      glanceTable(results.throughput, body),
      '',
    );
  }
  out.push(noiseNote(results.throughput), '', '## Throughput in detail\n');
  for (const body of settings.bodies) {
    for (const c of settings.concurrencies) {
      out.push(
        `### \`GET ${BODIES[body]}\`, concurrency ${c}\n`,
        detailTable(results.throughput, body, c),
        '',
      );
    }
  }
  return out;
}

function otherSections(results: RunResults, settings: Settings): string[] {
  const out: string[] = [];
  if (results.largeBody.length > 0) {
    out.push(
      `## Large body: ${bytes(settings.largeBytes)} download\n`,
      largeBodyTable(results.largeBody),
      `\nMedian of ${settings.largeRounds} round(s), one process each, after a smaller unmeasured download.\n`,
    );
  }
  if (results.inFlight.length > 0) {
    out.push(
      `## ${formatNumber(settings.inFlight)} requests in flight\n`,
      inFlightTable(results.inFlight),
      `\nMemory (after a full GC) once all are issued and the server holds ${settings.inFlightConnections} ` +
        `of them (the pool's size; the rest wait in the client), minus the memory before; median of ` +
        `${settings.inFlightRounds} round(s).\n`,
    );
  }
  if (results.cancel.length > 0) {
    out.push(
      '## Cancellation\n',
      cancelTable(results.cancel),
      `\n${settings.cancelRounds} process(es) × ${settings.cancelRepeats} cancellations each (after one unmeasured).\n`,
    );
  }
  return out;
}

function methodNotes(settings: Settings): string {
  const pools = contenders.map((c) => [c.name, c.pool.replaceAll('{N}', String(settings.connections))]);
  return [
    '## How it was measured\n',
    '- The server (`bench/server.ts`, plain `node:http`, keep-alive) runs in a process of its own; each ' +
      'measurement (a contender × body × concurrency × round) runs in a fresh process too, so CPU time and ' +
      'peak RSS belong to one contender. Rounds run every contender once, the order rotated each round.',
    '- Each round: `c` loops of request-after-request (every body read whole) through a warm-up, then a ' +
      'measured window. Requests/s counts completed requests; CPU µs/req is the process’s user+system time ' +
      'in the window per request; p50/p99 are per-request latencies; cells show the median over rounds ' +
      '`±` half the min–max range.',
    '- "RSS loaded" is the RSS once the contender is imported and opened; "Peak RSS" is `maxRSS` at the end. ' +
      'Every measurement process runs TypeScript through Node’s type stripping, which alone costs about 17 MB; ' +
      'httprx is loaded from a copy of `src/` taken when the run starts, that way (about 18 MB more than ' +
      'its compiled `dist/`).',
    '- The large download’s RSS stops growing once V8 starts collecting the 64 KiB chunk buffers it has ' +
      'read (about 100 MB above the loaded process, for undici as for httprx): 256 MiB and 4 GiB peak alike.',
    '- "Server CPU %" is the server’s CPU time in the window as a share of one core. Other processes’ CPU ' +
      'time is taken from `/proc/stat`; ' +
      (settings.retries > 0
        ? `a measurement during which they used more than ${settings.maxOtherCpu}% of a core is repeated ` +
          `(up to ${settings.retries} times) once the machine is quiet.`
        : 'with these settings no measurement is repeated.'),
    '- httprx uses its default client (default headers, cookie jar, phase timeouts) apart from the pool limits.',
    '',
    table(['Contender', 'Connection pool'], pools, 'left'),
  ].join('\n');
}

export function renderDocument(results: RunResults, settings: Settings): string {
  const seconds = results.elapsedMs / 1000;
  const took = seconds < 90 ? `${seconds.toFixed(0)} s` : `${(seconds / 60).toFixed(1)} min`;
  return [
    '# httprx benchmark results\n',
    `Run on ${results.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC with ` +
      `\`node bench/run.ts${settings.quick ? ' --quick' : ''}\` in ${took}: ${settingsLine(settings)}. ` +
      'Written by the run; regenerate with `npm run bench`.\n',
    table(['Machine', ''], machineRows(results.source), 'left'),
    '',
    ...(results.sourceChanged
      ? ['src/ changed while this run went on: the numbers are of src/ as it was when the run started.\n']
      : []),
    '## The bar\n',
    barTable(results),
    '',
    ...throughputSection(results, settings),
    ...otherSections(results, settings),
    methodNotes(settings),
    '',
  ].join('\n');
}
