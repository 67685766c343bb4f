/**
 * `npm run bench:soak`: does memory stay flat over many requests? One httprx `Client` sends N
 * `GET /small` (default 1,000,000) to bench/server.ts, which runs in a process of its own, at
 * concurrency 64, checking every status and body. After a warm-up, and then every `--every`
 * requests (default 50,000), it collects garbage (`node --expose-gc`, which the npm script
 * passes) and samples `process.memoryUsage()`; it prints a table of the samples and the
 * least-squares slope of heapUsed and rss per 1,000 requests. Exits 0 whatever the numbers, 1
 * when a request fails or an option is wrong.
 *
 *   npm run bench:soak                          # 1,000,000 requests
 *   npm run bench:soak -- --requests 200000 --every 20000 --json
 *   SOAK_REQUESTS=100000 npm run bench:soak
 */
import { performance } from 'node:perf_hooks';
import { lastValueFrom } from 'rxjs';
import { importHttprx } from './httprx-source.ts';
import { startServer } from './processes.ts';

export interface SoakSample {
  /** Requests completed when the sample was taken (after the warm-up). */
  requests: number;
  heapUsed: number;
  rss: number;
  seconds: number;
}

export interface SoakResults {
  requests: number;
  concurrency: number;
  every: number;
  warmup: number;
  samples: SoakSample[];
  /** Least-squares slopes, in bytes per 1,000 requests. */
  slope: { heapUsed: number; rss: number };
  seconds: number;
}

interface SoakOptions {
  requests: number;
  every: number;
  concurrency: number;
  warmup: number;
  json: boolean;
}

const SMALL_BYTES = 'Hello from the httprx benchmark server\n'.length;

function count(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} wants a positive integer, not ${JSON.stringify(text)}`);
  return value;
}

function parse(args: string[]): SoakOptions {
  const options: SoakOptions = {
    requests: count('SOAK_REQUESTS', process.env.SOAK_REQUESTS ?? '1000000'),
    every: 50_000,
    concurrency: 64,
    warmup: 10_000,
    json: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--requests') options.requests = count(arg, args[++i]);
    else if (arg === '--every') options.every = count(arg, args[++i]);
    else if (arg === '--concurrency') options.concurrency = count(arg, args[++i]);
    else if (arg === '--warmup') options.warmup = count(arg, args[++i]);
    else
      throw new Error(
        `Unknown option ${arg}: use --requests N, --every N, --concurrency N, --warmup N, --json`,
      );
  }
  options.warmup = Math.min(options.warmup, options.every);
  return options;
}

/** The least-squares slope of `y` over `x`. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

async function soak(options: SoakOptions): Promise<SoakResults> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined)
    throw new Error('bench/soak.ts needs node --expose-gc (npm run bench:soak passes it)');
  const { Client } = await importHttprx();
  const server = await startServer();
  const client = new Client({ baseUrl: server.origin, limits: { maxConnections: options.concurrency } });
  const started = performance.now();
  const samples: SoakSample[] = [];
  const sample = (requests: number) => {
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    samples.push({ requests, heapUsed, rss, seconds: (performance.now() - started) / 1000 });
  };
  const total = options.warmup + options.requests;
  let issued = 0;
  let done = 0;
  try {
    const worker = async () => {
      while (issued < total) {
        issued++;
        const response = await lastValueFrom(client.get('/small'));
        if (response.status !== 200 || response.content.length !== SMALL_BYTES)
          throw new Error(`GET /small gave ${response.status} and ${response.content.length} bytes`);
        done++;
        const measured = done - options.warmup;
        if (measured === 0 || (measured > 0 && measured % options.every === 0)) sample(measured);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    if (samples.at(-1)?.requests !== options.requests) sample(options.requests);
  } finally {
    await client.close();
    server.stop();
  }
  const perThousand = (key: 'heapUsed' | 'rss') =>
    slope(samples.map((s) => [s.requests / 1000, s[key]] as const));
  return {
    requests: options.requests,
    concurrency: options.concurrency,
    every: options.every,
    warmup: options.warmup,
    samples,
    slope: { heapUsed: perThousand('heapUsed'), rss: perThousand('rss') },
    seconds: (performance.now() - started) / 1000,
  };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

function table(results: SoakResults): string {
  const lines = [
    `${results.requests.toLocaleString('en')} requests at concurrency ${results.concurrency}, sampled after gc every ${results.every.toLocaleString('en')} (after ${results.warmup.toLocaleString('en')} warm-up)`,
    '',
    `${'requests'.padStart(12)} ${'heapUsed MB'.padStart(12)} ${'rss MB'.padStart(10)} ${'seconds'.padStart(9)}`,
    ...results.samples.map(
      (s) =>
        `${s.requests.toLocaleString('en').padStart(12)} ${mb(s.heapUsed).padStart(12)} ${mb(s.rss).padStart(10)} ${s.seconds.toFixed(1).padStart(9)}`,
    ),
    '',
    `slope heapUsed: ${Math.round(results.slope.heapUsed)} bytes per 1,000 requests`,
    `slope rss: ${Math.round(results.slope.rss)} bytes per 1,000 requests`,
    `Total ${results.seconds.toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}

if (import.meta.main) {
  try {
    const options = parse(process.argv.slice(2));
    const results = await soak(options);
    process.stdout.write(options.json ? `${JSON.stringify(results)}\n` : table(results));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
