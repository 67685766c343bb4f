/**
 * `npm run docs`, the API reference (TypeDoc, on the TypeScript 6 installed under docs/), into
 * a temp folder: it builds without a warning (the config treats warnings as errors), shows the
 * `@default` of every client option (neutral and Node), and leaves the internal members out.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectTempDir, run } from './support/run.ts';

let out: string;
let log: string;

function page(path: string): string {
  return readFileSync(join(out, path), 'utf8');
}

/** The member sections of a page, by anchor id, as text without tags. */
function members(html: string): Map<string, string> {
  const sections = html.matchAll(/<section class="tsd-panel tsd-member[^"]*">([\s\S]*?)<\/section>/g);
  return new Map(
    [...sections].map(([, body = '']) => [
      /id="([^"]+)"/.exec(body)?.[1] ?? '',
      body
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ]),
  );
}

beforeAll(async () => {
  out = projectTempDir('docs');
  const result = await run('npm', ['run', 'docs', '--', '--out', out], { timeout: 120_000 });
  log = result.stdout + result.stderr;
  expect(result.code, log).toBe(0);
}, 150_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('npm run docs', () => {
  it('builds the reference without a warning', () => {
    expect(log).toContain('html generated');
    expect(log).not.toMatch(/warning/i);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });

  it('shows the @default of every client option, the neutral ones and those Node adds', () => {
    const neutral = members(page('interfaces/index.ClientOptions.html'));
    const node = members(page('interfaces/index.NodeClientOptions.html'));
    const nodeOnly = ['cert', 'cookies', 'http1', 'http2', 'mounts', 'proxy', 'trustenv', 'verify'];
    expect(neutral.size).toBeGreaterThan(12);
    for (const id of nodeOnly) expect(neutral.has(id)).toBe(false);
    // The Node page shows the inherited neutral options too.
    expect([...node.keys()].sort()).toEqual([...neutral.keys(), ...nodeOnly].sort());
    const undocumented = [...neutral, ...node].filter(([, text]) => !text.includes(' Default '));
    expect(undocumented.map(([id]) => id)).toEqual([]);
    expect(node.get('maxredirects')).toMatch(/ Default 20\b/);
    expect(node.get('followredirects')).toMatch(/ Default false\b/);
    expect(node.get('maxresponsesize')).toMatch(/ Default null\b/);
    expect(node.get('verify')).toMatch(/ Default true\b/);
    expect([node.get('http1'), node.get('http2')]).toEqual([
      expect.stringMatching(/ Default true\b/),
      expect.stringMatching(/ Default false\b/),
    ]);
    const tls = members(page('interfaces/index.TlsVerifyOptions.html'));
    expect([...tls].filter(([, text]) => !text.includes(' Default ')).map(([id]) => id)).toEqual([]);
  });

  it('documents the browser entry and the Angular adapter beside the Node one, each option with its @default', () => {
    for (const options of ['XhrTransportOptions', 'FetchTransportOptions', 'BrowserRequestExtensions']) {
      const shown = members(page(`interfaces/browser.${options}.html`));
      expect(shown.size).toBeGreaterThan(1);
      expect([...shown].filter(([, text]) => !text.includes(' Default ')).map(([id]) => id)).toEqual([]);
    }
    expect(existsSync(join(out, 'classes/browser.Client.html'))).toBe(true);
    expect(existsSync(join(out, 'classes/angular.HttprxBackend.html'))).toBe(true);
    expect(existsSync(join(out, 'functions/angular.provideHttprx.html'))).toBe(true);
  });

  it('documents the public classes and leaves out their internal members', () => {
    const response = members(page('classes/index.Response.html'));
    expect(response.has('raiseforstatus')).toBe(true);
    expect([...response.keys()].filter((id) => id.startsWith('_'))).toEqual([]);
    const pool = members(page('classes/index.ConnectionPool.html'));
    expect(pool.has('counts')).toBe(true);
    for (const internal of ['acquire', 'release', 'dispatch', 'responseended'])
      expect(pool.has(internal)).toBe(false);
    expect(members(page('classes/index.ClientCookies.html')).has('everyhost')).toBe(false);
    expect(existsSync(join(out, 'classes/index.RequestError.html'))).toBe(true);
    expect(existsSync(join(out, 'functions/index.attachRequest.html'))).toBe(false);
  });
});
