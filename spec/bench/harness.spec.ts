/**
 * The benchmark harness runs: one quick round of every suite (`node bench/run.ts --quick`),
 * written to a temporary folder. Only that it runs and reports is checked, never the numbers:
 * benchmarks are not timed assertions.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contenders } from '../../bench/contenders/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The rows of the first table under the `##`/`###` heading that starts with `heading`, as cells. */
function tableRows(markdown: string, heading: string): string[][] {
  const start = markdown.split('\n').findIndex((line) => /^#{2,3} /.test(line) && line.includes(heading));
  if (start < 0) throw new Error(`No section "${heading}" in RESULTS.md`);
  const lines = markdown.split('\n').slice(start + 1);
  const table = lines.slice(lines.findIndex((line) => line.startsWith('|')));
  const rows = table.slice(
    0,
    table.findIndex((line) => !line.startsWith('|')),
  );
  return rows.slice(2).map((row) =>
    row
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim()),
  );
}

/** The number at the start of a cell: `12,345 ±2%` is 12345. */
const numberIn = (cell: string | undefined): number => Number.parseFloat((cell ?? '').replaceAll(',', ''));

function rowFor(rows: string[][], name: string): string[] {
  const row = rows.find((cells) => cells[0] === name);
  if (!row) throw new Error(`No row for ${name}`);
  return row;
}

describe('the benchmark harness (npm run bench)', () => {
  let out = '';
  let results = '';
  let chart = '';

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'httprx-bench-'));
    const run = new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['bench/run.ts', '--quick', '--out', out],
        { cwd: root, timeout: 110_000, maxBuffer: 16 * 1024 * 1024 },
        (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
      );
    });
    const { code, stderr } = await run;
    expect(code, stderr).toBe(0);
    results = await readFile(join(out, 'RESULTS.md'), 'utf8');
    chart = await readFile(join(out, 'requests-per-second.svg'), 'utf8');
  }, 120_000);

  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('reports positive requests/s for every contender at concurrency 1 and 64', () => {
    const rows = tableRows(results, '`GET /small`: requests/s');
    expect(rows.map((cells) => cells[0])).toEqual(contenders.map((c) => c.name));
    for (const { name } of contenders) {
      const [, atOne, , atSixtyFour] = rowFor(rows, name);
      expect(numberIn(atOne), `${name} at c=1`).toBeGreaterThan(0);
      expect(numberIn(atSixtyFour), `${name} at c=64`).toBeGreaterThan(0);
    }
    for (const c of [1, 64]) {
      const details = tableRows(results, `\`GET /small\`, concurrency ${c}`);
      for (const { name } of contenders) {
        const [, rate, , cpu, p50, p99, , peak] = rowFor(details, name);
        for (const value of [rate, cpu, p50, p99, peak])
          expect(numberIn(value), `${name} c=${c}`).toBeGreaterThan(0);
      }
    }
  });

  it('reports the large download, the requests in flight and the cancellations', () => {
    const large = tableRows(results, 'Large body');
    for (const name of ['httprx stream', 'undici.stream'])
      expect(numberIn(rowFor(large, name)[1])).toBeGreaterThan(0);
    // A quick run holds 500 requests: their heap is within a full GC's noise (a delta can come
    // out negative), so the cell is checked for a measurement, not its sign.
    const inFlight = tableRows(results, 'requests in flight');
    for (const name of ['httprx get', 'undici.request'])
      expect(rowFor(inFlight, name)[1], name).toMatch(/^-?[\d,]+( ±[\d.]+%)?$/);
    const cancel = tableRows(results, 'Cancellation');
    for (const name of ['httprx unsubscribe', 'undici.stream abort']) {
      expect(numberIn(rowFor(cancel, name)[1])).toBeGreaterThan(0);
    }
  });

  it('writes the machine and versions, the bar, and a chart with a bar per contender and concurrency', () => {
    expect(results).toMatch(/\| Node \| v\d+/);
    expect(results).toMatch(/undici \d+\.\d+/);
    expect(tableRows(results, 'The bar').length).toBeGreaterThanOrEqual(5);
    expect(results).toContain('](requests-per-second.svg)');
    expect(chart.startsWith('<svg')).toBe(true);
    for (const { name } of contenders) {
      for (const c of [1, 64]) {
        expect(chart, `${name} c=${c}`).toContain(`data-contender="${name}" data-concurrency="${c}"`);
      }
    }
  });
});
