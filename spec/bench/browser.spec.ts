/**
 * `npm run bench:browser` runs in headless Chromium and reports: tiny rounds (`--requests 12
 * --rounds 1 --json`). Only the shape and the arithmetic of its JSON are checked, never the
 * numbers; the tool itself checks every body's length.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface BrowserResults {
  requests: number;
  rounds: number;
  results: {
    path: string;
    concurrency: number;
    perRequest: Record<string, number>;
    ratios: Record<string, number>;
  }[];
}

describe('npm run bench:browser', () => {
  it('measures the six contenders in each cell and gives httprx’s ratios to the platform', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['bench/browser.ts', '--requests', '12', '--rounds', '1', '--json'],
        { cwd: root, timeout: 60_000 },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      );
    });
    const report = JSON.parse(stdout) as BrowserResults;
    expect([report.requests, report.rounds]).toEqual([12, 1]);
    expect(report.results.map(({ path, concurrency }) => `${path} c=${concurrency}`)).toEqual([
      '/small c=1',
      '/small c=6',
      '/64k c=1',
    ]);
    const pairs = [
      ['XhrTransport', 'xhr'],
      ['FetchTransport', 'fetch'],
      ['httprx XhrTransport', 'xhr'],
      ['httprx FetchTransport', 'fetch'],
    ];
    for (const { perRequest, ratios } of report.results) {
      expect(Object.keys(perRequest)).toEqual([
        'xhr',
        'XhrTransport',
        'httprx XhrTransport',
        'fetch',
        'FetchTransport',
        'httprx FetchTransport',
      ]);
      for (const ms of Object.values(perRequest)) expect(ms).toBeGreaterThan(0);
      expect(Object.keys(ratios)).toEqual(pairs.map(([ours]) => ours));
      // One round: the round's ratio is the ratio of its medians.
      for (const [ours, theirs] of pairs)
        expect(ratios[ours!]).toBeCloseTo(perRequest[ours!]! / perRequest[theirs!]!, 10);
    }
  }, 70_000);
});
