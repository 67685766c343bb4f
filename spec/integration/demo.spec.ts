/**
 * `npm run demo` (demos/main.ts), run for real: it says up front what it will do and that the
 * download bar counts compressed wire bytes, prints a line before the server's preparation,
 * and is coloured only where stdout shows colour.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, '../../demos/main.ts');
const ESC = '\u001b[';

/** The demo's environment: the test's own, with the colour variables as given. */
function env(colour: Record<string, string>): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...rest } = process.env;
  return { ...rest, ...colour };
}

/** Runs the demo to its end; resolves with its exit code and output. */
function runDemo(
  colour: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN], { env: env(colour), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs the demo until `line` appears in its output, then ends it; resolves with what it printed. */
function demoUntil(colour: Record<string, string>, line: RegExp): Promise<string> {
  const child = spawn(process.execPath, [MAIN], { env: env(colour), stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (line.test(stdout)) child.kill();
  });
  return new Promise((resolve) => child.on('close', () => resolve(stdout)));
}

describe('npm run demo', () => {
  it('says what it does first, then runs all three transfers to the end, in colour when forced', async () => {
    const { code, stdout, stderr } = await runDemo({ FORCE_COLOR: '1' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(ESC); // FORCE_COLOR colours even a pipe
    const lines = stripVTControlCharacters(stdout).split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'httprx demo: three transfers against an embedded local server',
      '  1. a 24 MiB text download, gzip-encoded: its bar counts the compressed wire bytes,',
      '     so it ends at exactly 100% of the Content-Length (the gzip size), not of the 24 MiB decoded',
      '  2. a 16 MiB upload to a server that reads slowly',
      '  3. an 8 MiB download cancelled half-way by unsubscribing',
      'preparing the server: generating and gzip-compressing 24 MiB of text…',
    ]);
    // The server's URL is known only once it is ready: the lines above came before.
    expect(lines[6]).toMatch(/^server ready at http:\/\/127\.0\.0\.1:\d+ \(\d+\.\d s\)$/);
    expect(lines).toContain('1. gzip download: the bar counts compressed wire bytes');
    expect(lines.filter((line) => line.startsWith('gzip ')).at(-1)).toMatch(/\| 100% /);
    expect(lines.some((line) => /on the wire -> 24\.00 MiB decoded/.test(line))).toBe(true);
    expect(lines).toContain(
      "  <Response [200 OK]>: sent 16.00 MiB; the server's JSON says it received 16777216 bytes",
    );
    expect(lines).toContain('  unsubscribed at 4.00 MiB of 8.00 MiB');
    expect(lines.some((line) => line.startsWith('closed:        <Client [0 active, 0 idle]>'))).toBe(true);
  }, 60_000);

  it('prints plain text into a pipe', async () => {
    const stdout = await demoUntil({}, /^before: /m);
    expect(stdout).toContain('preparing the server');
    expect(stdout).not.toContain(ESC);
  }, 30_000);
});
