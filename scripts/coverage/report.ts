/**
 * `npm test`'s coverage step: merges the Node suite's coverage of src/ with the browser
 * suite's (see merge.ts for how), prints line and branch coverage per folder and in all, and
 * fails below the bar of 95% of lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mergeByLine, percent, type Report, type Row, sum } from './merge.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BAR = 95;
const REPORTS = {
  node: '.tmp/coverage/node/coverage-final.json',
  browser: '.tmp/coverage/browser/coverage-final.json',
};

function read(which: keyof typeof REPORTS): Report {
  const file = join(ROOT, REPORTS[which]);
  if (!existsSync(file))
    throw new Error(
      `No ${which} coverage at ${REPORTS[which]}: run the ${which} suite first (npm test runs both)`,
    );
  return JSON.parse(readFileSync(file, 'utf8')) as Report;
}

const files = [...mergeByLine(read('node'), read('browser'))].map(
  ([path, row]) => [relative(ROOT, path), row] as const,
);
const folders = new Map<string, Row[]>();
for (const [name, row] of files) {
  const folder = name.split('/').slice(0, -1).join('/');
  folders.set(folder, [...(folders.get(folder) ?? []), row]);
}
const total = sum(files.map(([, row]) => row));
const cells = (row: Row) =>
  `${percent(row.covered, row.lines).toFixed(1)}% (${row.covered}/${row.lines}) | ${percent(row.taken, row.arms).toFixed(1)}% (${row.taken}/${row.arms})`;

console.log('\nCoverage of src/, the Node and browser suites merged\n');
console.log('| folder | lines | branches |\n|---|---:|---:|');
for (const [folder, rows] of [...folders].sort(([a], [b]) => a.localeCompare(b)))
  console.log(`| ${folder} | ${cells(sum(rows))} |`);
console.log(`| **all** | ${cells(total)} |`);

const least = files
  .filter(([, row]) => row.covered < row.lines)
  .sort(([, a], [, b]) => percent(a.covered, a.lines) - percent(b.covered, b.lines))
  .slice(0, 8)
  .map(([name, row]) => `${name} ${percent(row.covered, row.lines).toFixed(0)}%`);
console.log(`\nLeast covered: ${least.join(', ') || 'none'}`);
const lines = percent(total.covered, total.lines);
if (lines < BAR) {
  console.error(`\nLine coverage ${lines.toFixed(2)}% is below the bar of ${BAR}%.`);
  process.exit(1);
}
console.log(`\nLine coverage ${lines.toFixed(2)}%: the bar of ${BAR}% is met.`);
