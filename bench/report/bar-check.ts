/** DESIGN.md §5, the performance bar, against this run's medians. */
import { summarize } from '../stats.ts';
import type { CancelResult } from '../suites/cancel.ts';
import type { InFlightResult } from '../suites/in-flight.ts';
import type { LargeBodyResult } from '../suites/large-body.ts';
import type { ThroughputResult } from '../suites/throughput.ts';
import { formatNumber, formatRatio, table } from './format.ts';
import { rateRatio } from './throughput-tables.ts';

export interface BarInputs {
  throughput: readonly ThroughputResult[];
  largeBody: readonly LargeBodyResult[];
  inFlight: readonly InFlightResult[];
  cancel: readonly CancelResult[];
}

/** `met`: true, false, or a verdict in words. */
type Row = [bar: string, target: string, measured: string, met: boolean | string];

function median<S>(
  results: readonly { contender: string; samples: S[] }[],
  name: string,
  pick: (s: S) => number,
) {
  const found = results.find((r) => r.contender === name);
  return found ? summarize(found.samples.map(pick)).median : Number.NaN;
}

function throughputRows(results: readonly ThroughputResult[]): Row[] {
  const names = new Set(results.map((r) => r.contender));
  if (!names.has('httprx get')) return [];
  const cells = (body: 'small' | '64k') => [
    ...new Set(results.filter((r) => r.body === body).map((r) => r.concurrency)),
  ];
  const ratios = (name: string, other: string, body: 'small' | '64k', only?: number) =>
    cells(body)
      .filter((c) => only === undefined || c === only)
      .map((c) => ({ c, body, v: rateRatio(results, name, other, body, c) }));
  const show = (values: { c: number; body: string; v: number }[]) =>
    values.map(({ c, body, v }) => `${formatRatio(v)} at c=${c} ${body}`).join(', ');
  const rows: Row[] = [];
  const both = (name: string, other: string) => [
    ...ratios(name, other, 'small'),
    ...ratios(name, other, '64k'),
  ];
  if (names.has('undici.request')) {
    const values = both('httprx get', 'undici.request');
    rows.push([
      'httprx `get` requests/s vs `undici.request`',
      '≥ 1.00×',
      show(values),
      values.every(({ v }) => v >= 1),
    ]);
  }
  if (names.has('httprx events')) {
    const values = both('httprx events', 'httprx get');
    rows.push([
      'httprx `events()` requests/s vs `get()`',
      '≥ 0.95× (within 5%)',
      show(values),
      values.every(({ v }) => v >= 0.95),
    ]);
  }
  for (const other of ['fetch', 'axios', 'got'].filter((name) => names.has(name))) {
    const values = ratios('httprx get', other, 'small', 64);
    rows.push([
      `httprx \`get\` requests/s vs ${other} at c=64`,
      '≥ 2.50×',
      show(values),
      values.every(({ v }) => v >= 2.5),
    ]);
  }
  return rows;
}

function largeBodyRows(results: readonly LargeBodyResult[]): Row[] {
  if (results.every((r) => r.samples.length === 0)) return [];
  const rate = (name: string) => median(results, name, (s) => s.mibPerSecond);
  const ratio = rate('httprx stream') / rate('undici.stream');
  const peak = (name: string) => median(results, name, (s) => s.maxRssMB);
  const growth = (name: string) => median(results, name, (s) => s.maxRssMB - s.loadedRssMB);
  const memory = (name: string) => `peak ${formatNumber(peak(name))} MB, +${formatNumber(growth(name))} MB`;
  return [
    ['Large download throughput vs `undici.stream`', '≥ 90%', `${(ratio * 100).toFixed(0)}%`, ratio >= 0.9],
    [
      'Large download memory: RSS growth over the loaded process (peak − loaded)',
      '< 100 MB',
      `httprx ${memory('httprx stream')}; undici.stream ${memory('undici.stream')}`,
      growth('httprx stream') < 100
        ? true
        : growth('undici.stream') >= 100
          ? '**no**, nor undici.stream'
          : false,
    ],
  ];
}

function inFlightRows(results: readonly InFlightResult[]): Row[] {
  if (results.every((r) => r.samples.length === 0)) return [];
  const heap = (name: string) => median(results, name, (s) => s.heapBytesPerRequest);
  const ratio = heap('httprx get') / heap('undici.request');
  const measured = `${formatRatio(ratio)} (${formatNumber(heap('httprx get'))} vs ${formatNumber(heap('undici.request'))} B heap)`;
  return [['Memory per request in flight vs undici', '≤ 1.50×', measured, ratio <= 1.5]];
}

function cancelRows(results: readonly CancelResult[]): Row[] {
  const httprx = results.find((r) => r.contender === 'httprx unsubscribe');
  if (!httprx || httprx.samples.length === 0) return [];
  const inTurn = httprx.samples.filter((s) => s.destroyedInOneTurn).length;
  const measured = `${inTurn}/${httprx.samples.length} sockets destroyed within one turn`;
  return [
    [
      'Unsubscribe closes the socket',
      'within one event-loop turn',
      measured,
      inTurn === httprx.samples.length,
    ],
  ];
}

export function barTable(inputs: BarInputs): string {
  const rows = [
    ...throughputRows(inputs.throughput),
    ...largeBodyRows(inputs.largeBody),
    ...inFlightRows(inputs.inFlight),
    ...cancelRows(inputs.cancel),
  ];
  return table(
    ['Bar (DESIGN.md §5)', 'Target', 'Measured', 'Met'],
    rows.map(([bar, target, measured, met]) => [
      bar,
      target,
      measured,
      typeof met === 'string' ? met : met ? 'yes' : '**no**',
    ]),
  );
}
