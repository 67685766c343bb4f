/** The large-body, in-flight and cancellation tables. */
import { summarize } from '../stats.ts';
import type { CancelResult } from '../suites/cancel.ts';
import type { InFlightResult } from '../suites/in-flight.ts';
import type { LargeBodyResult } from '../suites/large-body.ts';
import { cell, failed, formatNumber, formatRatio, table } from './format.ts';

function median<S>(
  results: readonly { contender: string; samples: S[] }[],
  name: string,
  pick: (s: S) => number,
) {
  const result = results.find((r) => r.contender === name);
  return result ? summarize(result.samples.map(pick)).median : Number.NaN;
}

export function largeBodyTable(results: readonly LargeBodyResult[]): string {
  const rows = results.map(({ contender, samples, errors }) => {
    if (samples.length === 0) return [contender, failed(errors)];
    const ratio =
      median(results, contender, (s) => s.mibPerSecond) /
      median(results, 'undici.stream', (s) => s.mibPerSecond);
    return [
      contender,
      cell(samples, (s) => s.mibPerSecond),
      formatRatio(ratio),
      cell(samples, (s) => s.cpuMsPerMiB, 2),
      cell(samples, (s) => s.loadedRssMB),
      cell(samples, (s) => s.maxRssMB),
      cell(samples, (s) => s.maxRssMB - s.loadedRssMB),
      cell(samples, (s) => s.serverCpuPercent),
    ];
  });
  const header = [
    'Contender',
    'MiB/s',
    '× undici.stream',
    'CPU ms/MiB',
    'RSS loaded MB',
    'Peak RSS MB',
    'Growth MB',
    'Server CPU %',
  ];
  return table(header, rows);
}

export function inFlightTable(results: readonly InFlightResult[]): string {
  const heap = (name: string): number => median(results, name, (s) => s.heapBytesPerRequest);
  const rows = results.map(({ contender, samples, errors }) => {
    if (samples.length === 0) return [contender, failed(errors)];
    return [
      contender,
      cell(samples, (s) => s.heapBytesPerRequest),
      formatRatio(heap(contender) / heap('undici.request')),
      cell(samples, (s) => s.rssBytesPerRequest),
    ];
  });
  return table(['Contender', 'Heap bytes/request', '× undici.request', 'RSS bytes/request'], rows);
}

export function cancelTable(results: readonly CancelResult[]): string {
  const rows = results.map(({ contender, samples, errors }) => {
    if (samples.length === 0) return [contender, failed(errors)];
    const close = summarize(samples.map((s) => s.closeMs));
    const count = (test: (s: (typeof samples)[number]) => boolean): string =>
      `${samples.filter(test).length}/${samples.length}`;
    return [
      contender,
      formatNumber(close.median, 3),
      `${formatNumber(close.min, 3)}–${formatNumber(close.max, 3)}`,
      count((s) => s.destroyedAtOnce),
      count((s) => s.destroyedInOneTurn),
    ];
  });
  const header = [
    'Contender',
    'Cancel → server sees close, median ms',
    'min–max ms',
    'Socket destroyed on return',
    'Destroyed within one turn',
  ];
  return table(header, rows);
}
