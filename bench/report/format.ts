/** Numbers and Markdown table cells for the report. */
import { type Summary, spreadPercent, summarize } from '../stats.ts';

const formats = new Map<number, Intl.NumberFormat>();

/** `12,345.6` with `digits` decimals; `n/a` for no number. */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  let format = formats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formats.set(digits, format);
  }
  return format.format(value);
}

/** The median with its spread: `12,345 ±2%` (half the min–max range, relative to the median). */
export function formatSummary(summary: Summary, digits = 0): string {
  if (summary.n === 0) return 'n/a';
  const median = formatNumber(summary.median, digits);
  if (summary.n === 1) return median;
  const spread = spreadPercent(summary);
  return `${median} ±${spread < 10 ? spread.toFixed(1) : spread.toFixed(0)}%`;
}

/** Summarizes one field over samples and formats it. */
export function cell<S>(samples: readonly S[], pick: (sample: S) => number, digits = 0): string {
  return formatSummary(summarize(samples.map(pick)), digits);
}

/** `1.23×` */
export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}

/** A Markdown table; numbers are right-aligned unless `align` is 'left'. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: 'numbers' | 'left' = 'numbers',
): string {
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  const rules = header.map((_, i) => (i === 0 || align === 'left' ? '---' : '---:'));
  return [line(header), `|${rules.join('|')}|`, ...rows.map(line)].join('\n');
}

/** A cell for a measurement that failed every time. */
export function failed(errors: readonly string[]): string {
  return `failed: ${errors[0] ?? 'no samples'}`;
}
