/**
 * `npm run bench:quick` runs and reports: tiny rounds (`--rounds 2 --requests 50 --json`), from
 * src/ and from a fresh build. Only the shape and the arithmetic of its JSON are checked, never
 * the numbers: benchmarks are not timed assertions. Every measured body's length is checked by
 * the tool itself; the last test shows that check failing on a body of another length.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer } from '../../bench/processes.ts';
import type { QuickResults } from '../../bench/quick/report.ts';
import { CONTENDERS, openSessions, type QuickSession } from '../../bench/quick/sessions.ts';
import { loadHttprx } from '../../bench/quick/source.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function quick(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--expose-gc', 'bench/quick.ts', '--warmup-ms', '20', ...args],
      { cwd: root, timeout: 50_000, maxBuffer: 16 * 1024 * 1024 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

function expectConsistent(results: QuickResults, cells: [string, number][]): void {
  expect(results.cells.map((cell) => [cell.body, cell.concurrency])).toEqual(cells);
  expect(results.gc).toBe(true);
  for (const cell of results.cells) {
    const where = `${cell.body} c=${cell.concurrency}`;
    expect(cell.requests, where).toBe(cell.body === 'small' ? 50 : 13);
    for (const name of CONTENDERS) {
      expect(cell.samples[name], `${where} ${name}`).toHaveLength(results.rounds);
      expect(cell.requestsPerSecond[name], `${where} ${name}`).toBeGreaterThan(0);
      expect(cell.cpuMicrosPerRequest[name], `${where} ${name}`).toBeGreaterThan(0);
      // Linux: V8's worker threads are read from /proc, summed over the rounds.
      const v8 = cell.samples[name].map((sample) => sample.v8Micros);
      for (const micros of v8) expect(micros, `${where} ${name}: V8 threads`).toBeGreaterThanOrEqual(0);
      expect(cell.v8MicrosPerRequest[name], `${where} ${name}`).toBeCloseTo(
        (v8[0]! + v8[1]!) / (cell.requests * results.rounds),
        6,
      );
      const rates = cell.samples[name].map((sample) => sample.requestsPerSecond).sort((a, b) => a - b);
      expect(cell.requestsPerSecond[name], `${where} ${name}: the median of two rounds`).toBeCloseTo(
        (rates[0]! + rates[1]!) / 2,
        6,
      );
    }
    const pairs = [
      [cell.ratios.getOverUndici, 'httprx get', 'undici.request'],
      [cell.ratios.eventsOverGet, 'httprx events', 'httprx get'],
    ] as const;
    for (const [ratio, top, bottom] of pairs) {
      const perRound = cell.samples[top].map(
        (sample, round) => sample.requestsPerSecond / cell.samples[bottom][round]!.requestsPerSecond,
      );
      expect(ratio.rounds, `${where} ${top}/${bottom}`).toEqual(perRound);
      expect(ratio.min).toBe(Math.min(...perRound));
      expect(ratio.max).toBe(Math.max(...perRound));
      expect(ratio.median).toBeCloseTo((ratio.min + ratio.max) / 2, 9);
      expect(ratio.min).toBeGreaterThan(0);
    }
  }
}

// The runs are independent processes, so they may overlap; no number of theirs is compared with another's.
describe.concurrent('npm run bench:quick', () => {
  it('measures every cell for both contenders from src/, with ratios that follow from the rates', async () => {
    const { code, stdout, stderr } = await quick(['--rounds', '2', '--requests', '50', '--json']);
    expect(code, stderr).toBe(0);
    const results = JSON.parse(stdout) as QuickResults;
    expect(results.httprx).toContain('src/');
    expect(results.rounds).toBe(2);
    expectConsistent(results, [
      ['small', 1],
      ['small', 64],
      ['64k', 1],
      ['64k', 64],
    ]);
    expect(results.totalSeconds).toBeGreaterThan(0);
  }, 60_000);

  it('measures a fresh build with --dist, and honours --only and --concurrency', async () => {
    const args = [
      '--dist',
      '--only',
      '64k',
      '--concurrency',
      '64',
      '--rounds',
      '2',
      '--requests',
      '50',
      '--json',
    ];
    const { code, stdout, stderr } = await quick(args);
    expect(code, stderr).toBe(0);
    const results = JSON.parse(stdout) as QuickResults;
    expect(results.httprx).toContain('dist/');
    expectConsistent(results, [['64k', 64]]);
  }, 60_000);

  it('prints a table by default, with the source and the total time', async () => {
    const { code, stdout, stderr } = await quick([
      '--only',
      'small',
      '--concurrency',
      '1',
      '--rounds',
      '2',
      '--requests',
      '20',
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("httprx is src/, through Node's type stripping");
    expect(stdout).toMatch(/^small +1 +20 +[\d,]+ +[\d,]+ +\d+\.\d\d +[\d,]+ +\d+\.\d\d /m);
    expect(stdout).toMatch(
      /small c=1 over 2 rounds: get\/undici \d+\.\d\d–\d+\.\d\d, events\/get \d+\.\d\d–\d+\.\d\d/,
    );
    expect(stdout).toMatch(/^Total \d+\.\d s$/m);
  }, 60_000);

  it('fails with a clear message on a bad option, or a build that is not there', async () => {
    const bad = await quick(['--only', '1k']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--only wants one of small, 64k, not "1k"');
    const missing = await quick(['--dist-dir', 'no-such-dist', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('--dist-dir no-such-dist: no index.js there');
  });
});

describe("bench:quick's contenders", () => {
  let server: ServerProcess;
  let sessions: QuickSession[] = [];

  beforeAll(async () => {
    server = await startServer();
    const { httprx } = await loadHttprx({ dist: false, distDir: undefined });
    sessions = openSessions(httprx, server.origin, 4);
  });

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.close()));
    server?.stop();
  });

  it('each read the whole body and reject one of another length than expected', async () => {
    expect(sessions.map((session) => session.name)).toEqual([...CONTENDERS]);
    for (const session of sessions) {
      await session.request('/64k', 65_536);
      await expect(session.request('/64k', 65_535)).rejects.toThrow(
        `${session.name}: GET /64k gave status 200 and 65536 bytes, expected 200 and 65535`,
      );
      await expect(session.request('/nowhere', 65_536)).rejects.toThrow(
        `${session.name}: GET /nowhere gave status 404 and 0 bytes, expected 200 and 65536`,
      );
    }
  });
});
