import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The project root. */
export const ROOT = join(import.meta.dirname, '..', '..', '..');
/** The project's own tools (Node 24, tsc, publint, attw). */
export const BIN = join(ROOT, 'node_modules', '.bin');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end (or until `timeout` ms, then kills it) with the project's tools
 * first on PATH, and resolves with its exit code and output; a non-zero exit is not an error
 * here, the caller asserts on it.
 */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeout?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  const env = { ...process.env, ...options.env, PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}` };
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd ?? ROOT, env, timeout: options.timeout ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(
            new Error(`${command} ${args.join(' ')} did not finish: ${error.message}\n${stdout}${stderr}`),
          );
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * A fresh folder inside the project's git-ignored `.tmp/`: a build there resolves rxjs,
 * undici and the rest from the project's node_modules, as an installed package would.
 */
export function projectTempDir(prefix: string): string {
  const base = join(ROOT, '.tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}
