/** What `bench:quick` prints: a compact table, or the same as JSON (`--json`). */
import type { QuickOptions } from './options.ts';
import type { Cell, Ratio } from './rounds.ts';

export interface QuickResults {
  /** What was measured as httprx: src/ or a build. */
  httprx: string;
  node: string;
  undici: string;
  rounds: number;
  connections: number;
  /** Whether a GC ran before every measurement (node --expose-gc). */
  gc: boolean;
  cells: Cell[];
  totalSeconds: number;
}

const rate = (value: number): string => Math.round(value).toLocaleString('en-US');
const times = (value: number): string => value.toFixed(2);
const span = (ratio: Ratio): string => `${times(ratio.min)}–${times(ratio.max)}`;

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
}

export function renderTable(results: QuickResults, options: QuickOptions): string {
  const head = [
    'body',
    'c',
    'N',
    'get req/s',
    'undici req/s',
    'get/undici',
    'events req/s',
    'events/get',
    'CPU µs/req get · undici · events',
    'of it GC threads',
  ];
  const lines = results.cells.map((cell) => {
    const { requestsPerSecond: r, cpuMicrosPerRequest: cpu, v8MicrosPerRequest: v8 } = cell;
    return [
      cell.body,
      String(cell.concurrency),
      String(cell.requests),
      rate(r['httprx get']),
      rate(r['undici.request']),
      times(cell.ratios.getOverUndici.median),
      rate(r['httprx events']),
      times(cell.ratios.eventsOverGet.median),
      [cpu['httprx get'], cpu['undici.request'], cpu['httprx events']].map((v) => v.toFixed(0)).join(' · '),
      [v8['httprx get'], v8['undici.request'], v8['httprx events']]
        .map((v) => (Number.isNaN(v) ? '?' : v.toFixed(0)))
        .join(' · '),
    ];
  });
  const widths = head.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const out = [
    `bench:quick: httprx is ${results.httprx}; Node ${results.node}, undici ${results.undici}`,
    `${results.rounds} rounds per cell, the order reversed every other round; requests per contender and round: ` +
      `${options.requests ? options.bodies.map((body) => `${body} ${options.requests![body]}`).join(', ') : `N (what the median contender sent in ${options.roundMs} ms of warm-up)`}; ` +
      `${results.connections} connections per contender; ${results.gc ? 'GC before every measurement' : 'no GC between rounds (run with node --expose-gc)'}`,
    'Medians over the rounds; the ratios are the medians of the per-round ratios of requests/s.',
    "CPU is the whole process's; 'of it GC threads' is V8's worker threads (garbage collection, mostly) over all the rounds.",
    '',
    row(head, widths),
    row(
      widths.map((w) => '-'.repeat(w)),
      widths,
    ),
  ];
  results.cells.forEach((cell, i) => {
    out.push(row(lines[i]!, widths));
    out.push(
      `  ${cell.body} c=${cell.concurrency} over ${cell.ratios.getOverUndici.n} rounds: ` +
        `get/undici ${span(cell.ratios.getOverUndici)}, events/get ${span(cell.ratios.eventsOverGet)}; ` +
        `other processes used ${Number.isNaN(cell.otherCpuPercent) ? '?' : cell.otherCpuPercent.toFixed(0)}% of a core`,
    );
  });
  out.push('', `Total ${results.totalSeconds.toFixed(1)} s`);
  return `${out.join('\n')}\n`;
}
