/**
 * `npm run bench:soak` on a tiny N: the table's shape and the slope's arithmetic, never the
 * numbers (a soak is not a timed assertion, and a few thousand requests say nothing of memory).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type SoakResults, slope } from '../../bench/soak.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function soak(args: string[], gc = true): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...(gc ? ['--expose-gc'] : []), 'bench/soak.ts', ...args],
      { cwd: root, timeout: 50_000 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

describe.concurrent('npm run bench:soak', () => {
  it('prints a sample after the warm-up and every --every requests, and both slopes', async () => {
    const { code, stdout, stderr } = await soak(['--requests', '1200', '--every', '400', '--warmup', '100']);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(
      '1,200 requests at concurrency 64, sampled after gc every 400 (after 100 warm-up)',
    );
    const rows = stdout.split('\n').filter((line) => /^ +[\d,]+ +\d+\.\d\d +\d+\.\d\d +\d+\.\d$/.test(line));
    expect(rows.map((row) => row.trim().split(/ +/)[0])).toEqual(['0', '400', '800', '1,200']);
    expect(stdout).toMatch(/^slope heapUsed: -?\d+ bytes per 1,000 requests$/m);
    expect(stdout).toMatch(/^slope rss: -?\d+ bytes per 1,000 requests$/m);
  }, 60_000);

  it('gives the samples as JSON with --json, the slope following from them', async () => {
    const { code, stdout, stderr } = await soak([
      '--requests',
      '500',
      '--every',
      '200',
      '--concurrency',
      '8',
      '--json',
    ]);
    expect(code, stderr).toBe(0);
    const results = JSON.parse(stdout) as SoakResults;
    expect(results).toMatchObject({ requests: 500, every: 200, concurrency: 8, warmup: 200 });
    expect(results.samples.map((s) => s.requests)).toEqual([0, 200, 400, 500]);
    for (const s of results.samples) expect(s.heapUsed).toBeGreaterThan(0);
    const heap = results.samples.map((s) => [s.requests / 1000, s.heapUsed] as const);
    expect(results.slope.heapUsed).toBeCloseTo(slope(heap), 6);
  }, 60_000);

  it('fails clearly without --expose-gc or with a bad option', async () => {
    const nogc = await soak(['--requests', '10'], false);
    expect(nogc.code).toBe(1);
    expect(nogc.stderr).toContain('bench/soak.ts needs node --expose-gc');
    const bad = await soak(['--requests', 'many']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--requests wants a positive integer, not "many"');
  });
});

describe('the slope', () => {
  it('is the least-squares slope', () => {
    expect(
      slope([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
    ).toBeCloseTo(2, 9);
    expect(
      slope([
        [0, 4],
        [1, 4],
      ]),
    ).toBe(0);
    expect(slope([[0, 4]])).toBe(0);
  });
});
