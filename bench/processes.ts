/**
 * The runner's side of the processes it starts: the server, and one measurement process per
 * measurement, each with the runner's own Node (`process.execPath`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RESULT_PREFIX } from './protocol.ts';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export interface ServerProcess {
  origin: string;
  stop(): void;
}

/** Starts `bench/server.ts` and waits for the port it prints. */
export function startServer(): Promise<ServerProcess> {
  const child = spawn(process.execPath, [here('./server.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`The benchmark server exited early (${code})`)));
    lines.once('line', (port) => {
      child.removeAllListeners('exit');
      resolve({ origin: `http://127.0.0.1:${port.trim()}`, stop: () => child.kill() });
    });
  });
}

/** What a measurement process reported, or why it failed. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface MeasureOptions {
  execArgv?: string[];
  timeoutMs?: number;
}

/** Runs `bench/workers/<worker>.ts` with `params` and returns its `RESULT` line, parsed. */
export function measureIn<T>(
  worker: string,
  params: object,
  options: MeasureOptions = {},
): Promise<Outcome<T>> {
  const script = here(`./workers/${worker}.ts`);
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.execArgv ?? []), script, JSON.stringify(params)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timeoutMs = options.timeoutMs ?? 120_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) {
        resolve({ ok: true, value: JSON.parse(line.slice(RESULT_PREFIX.length)) as T });
        return;
      }
      const reason = timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${code}`;
      const firstError = stderr.split('\n').find((l) => l.trim()) ?? 'no output';
      resolve({ ok: false, error: `${worker} ${reason}: ${firstError}`.slice(0, 300) });
    });
  });
}
