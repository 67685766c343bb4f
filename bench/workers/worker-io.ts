/**
 * The measurement process's side of the protocol with the runner: parameters come as JSON in
 * `argv[2]`, the result goes back as one `RESULT {json}` line on stdout.
 */
import { RESULT_PREFIX } from '../protocol.ts';

export function readParams<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('A measurement process needs its parameters as JSON in argv[2]');
  return JSON.parse(raw) as T;
}

/** Sends the result and ends the process, not waiting for sockets a contender may leave open. */
export function report(result: object): never {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`, () => process.exit(0));
  // Keeps the process alive until the write callback has run.
  setInterval(() => {}, 1000);
  return undefined as never;
}

/** Peak resident set size of this process so far, in MB. */
export function maxRssMB(): number {
  return (process.resourceUsage().maxRSS * 1024) / 1e6;
}

/** CPU time (user + system) of this process so far, in µs. */
export function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Runs `main`, reporting a failure on stderr with a non-zero exit. */
export function runWorker(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
