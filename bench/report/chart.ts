/**
 * A hand-written SVG bar chart of requests/s per contender: one panel per concurrency, one
 * horizontal bar per contender (the median, with a whisker from the slowest to the fastest
 * round) and a dashed line at undici.request, the bar httprx is held to.
 */
import { BASELINE } from '../contenders/index.ts';
import type { Body } from '../settings.ts';
import { summarize } from '../stats.ts';
import type { ThroughputResult } from '../suites/throughput.ts';
import { formatNumber } from './format.ts';

const LABEL_WIDTH = 150;
const PANEL_WIDTH = 380;
const BAR_SPACE = 290;
const GAP = 30;
const TOP = 78;
const ROW = 26;
const BAR = 16;

const escapeXml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function colour(contender: string): string {
  if (contender.startsWith('httprx')) return '#1f6fb2';
  if (contender.startsWith('undici')) return '#6b7a8c';
  return '#b8c0ca';
}

function panel(
  results: readonly ThroughputResult[],
  names: readonly string[],
  concurrency: number,
  x: number,
) {
  const stats = names.map((name) => {
    const result = results.find((r) => r.contender === name && r.concurrency === concurrency);
    return summarize(result?.samples.map((s) => s.requestsPerSecond) ?? []);
  });
  const top = Math.max(1, ...stats.map((s) => (Number.isFinite(s.max) ? s.max : 0)));
  const scale = (value: number): number => (value / top) * BAR_SPACE;
  const parts = [
    `<text x="${x}" y="${TOP - 14}" class="panel">concurrency ${concurrency}</text>`,
    `<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${TOP + names.length * ROW}" class="axis"/>`,
  ];
  // The baseline goes under the bars and labels.
  const baseline = stats[names.indexOf(BASELINE)];
  if (baseline && baseline.n > 0) {
    const at = (x + scale(baseline.median)).toFixed(1);
    const bottom = TOP + names.length * ROW;
    parts.push(`<line x1="${at}" y1="${TOP - 4}" x2="${at}" y2="${bottom + 4}" class="baseline"/>`);
    parts.push(`<text x="${at}" y="${bottom + 16}" class="note" text-anchor="middle">${BASELINE}</text>`);
  }
  stats.forEach((s, i) => {
    const name = names[i]!;
    const y = TOP + i * ROW + (ROW - BAR) / 2;
    const middle = y + BAR / 2;
    if (s.n === 0) {
      parts.push(`<text x="${x + 6}" y="${middle + 4}" class="value">failed</text>`);
      return;
    }
    const title = `${name}, c=${concurrency}: ${formatNumber(s.median)} requests/s (${formatNumber(s.min)}–${formatNumber(s.max)})`;
    parts.push(
      `<rect class="bar" data-contender="${escapeXml(name)}" data-concurrency="${concurrency}" x="${x}" y="${y}" ` +
        `width="${scale(s.median).toFixed(1)}" height="${BAR}" fill="${colour(name)}"><title>${escapeXml(title)}</title></rect>`,
    );
    if (s.n > 1) {
      const [from, to] = [x + scale(s.min), x + scale(s.max)];
      parts.push(
        `<path d="M${from.toFixed(1)} ${middle}H${to.toFixed(1)}M${from.toFixed(1)} ${middle - 4}v8M${to.toFixed(1)} ${middle - 4}v8" class="whisker"/>`,
      );
    }
    parts.push(
      `<text x="${(x + scale(Math.max(s.median, s.max)) + 6).toFixed(1)}" y="${middle + 4}" class="value">${formatNumber(s.median)}</text>`,
    );
  });
  return parts.join('\n');
}

/** The chart for one body, a panel per concurrency. */
export function renderChart(results: readonly ThroughputResult[], body: Body, subtitle: string): string {
  const ofBody = results.filter((r) => r.body === body);
  const names = [...new Set(ofBody.map((r) => r.contender))];
  const concurrencies = [...new Set(ofBody.map((r) => r.concurrency))];
  const width = LABEL_WIDTH + concurrencies.length * (PANEL_WIDTH + GAP);
  const height = TOP + names.length * ROW + 48;
  const labels = names.map(
    (name, i) =>
      `<text x="${LABEL_WIDTH - 10}" y="${TOP + i * ROW + ROW / 2 + 4}" text-anchor="end" class="label">${escapeXml(name)}</text>`,
  );
  const panels = concurrencies.map((c, i) => panel(ofBody, names, c, LABEL_WIDTH + i * (PANEL_WIDTH + GAP)));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">
<title id="chart-title">Requests per second per contender, ${escapeXml(body)} body, by concurrency</title>
<style>
.title{font-size:16px;font-weight:600;fill:#1d2330}.subtitle,.note{font-size:11px;fill:#5b6472}
.panel{font-size:13px;font-weight:600;fill:#1d2330}.label{font-size:12px;fill:#1d2330}.value{font-size:11px;fill:#1d2330;paint-order:stroke;stroke:#fff;stroke-width:3px}
.axis{stroke:#9aa3ad;stroke-width:1}.whisker{stroke:#1d2330;stroke-width:1;fill:none}
.baseline{stroke:#c0392b;stroke-width:1.2;stroke-dasharray:4 3}
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="16" y="24" class="title">Requests per second (${escapeXml(body)} body, keep-alive, local server)</text>
<text x="16" y="42" class="subtitle">${escapeXml(subtitle)}</text>
${labels.join('\n')}
${panels.join('\n')}
<text x="16" y="${height - 10}" class="note">Bars: median of the rounds; whiskers: slowest to fastest round; dashed: ${BASELINE}. Blue: httprx; dark grey: undici; light grey: the others.</text>
</svg>
`;
}
