/**
 * `npm run bench:browser`: DESIGN §5's browser bar, "the XHR and fetch transports add under
 * 10% to the platform's own time per request". Debian's headless Chromium (puppeteer-core)
 * opens a page served by a node:http server in this process, and the page sends GETs six
 * ways: the platform's XHR and fetch; httprx's XhrTransport and FetchTransport called alone
 * (`transport.handle(request)`, what the bar names); and httprx's Client over each, which adds
 * URL and header merging, the middleware and the timeouts. Each body is read whole. Per cell (body, concurrency), alternating rounds of N
 * requests, the order reversed every other round, after a warm-up; it prints the median ms per
 * request and httprx's ratio to the platform (the median of the rounds' own ratios). Chromium
 * here takes 4 ms or more for any localhost request, so the ratios carry its noise: read them
 * over several runs. `--requests N` (default 100), `--rounds R` (default 10), `--json`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { launch } from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../scripts/chromium.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});
const N = Number(values.requests);
const ROUNDS = Number(values.rounds);
const CONTENDERS = [
  'xhr',
  'XhrTransport',
  'httprx XhrTransport',
  'fetch',
  'FetchTransport',
  'httprx FetchTransport',
] as const;
/** Ours against the platform's: the transports alone (what the bar names), then the whole client. */
const PAIRS = [
  ['XhrTransport', 'xhr'],
  ['FetchTransport', 'fetch'],
  ['httprx XhrTransport', 'xhr'],
  ['httprx FetchTransport', 'fetch'],
] as const;
const TRANSPORTS = ['XhrTransport', 'FetchTransport'];
const CELLS = [
  { path: '/small', concurrency: 1 },
  { path: '/small', concurrency: 6 },
  { path: '/64k', concurrency: 1 },
];
const BODIES: Record<string, Buffer> = {
  '/small': Buffer.alloc(1024, 120),
  '/64k': Buffer.alloc(64 * 1024, 121),
};

const script = (
  await build({
    entryPoints: [join(import.meta.dirname, 'browser', 'page.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    ignoreAnnotations: true,
    write: false,
    logLevel: 'error',
  })
).outputFiles[0]!.contents;

const server = createServer((req, res) => {
  const body = BODIES[req.url ?? ''];
  if (body !== undefined)
    return void res
      .writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length })
      .end(body);
  if (req.url === '/page.js')
    return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
  res
    .writeHead(200, { 'Content-Type': 'text/html' })
    .end('<!doctype html><script type="module" src="/page.js"></script>');
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS] });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const page = await browser.newPage();
  await page.goto(`${origin}/`, { waitUntil: 'load' });
  await page.waitForFunction(() => 'bench' in window);
  const run = (kind: string, path: string, n: number, concurrency: number) =>
    page.evaluate(
      (k, p, count, c) =>
        (window as unknown as { bench: (...a: unknown[]) => Promise<{ ms: number; bytes: number }> }).bench(
          k,
          p,
          count,
          c,
        ),
      kind,
      path,
      n,
      concurrency,
    );
  const results: {
    path: string;
    concurrency: number;
    perRequest: Record<string, number>;
    ratios: Partial<Record<string, number>>;
  }[] = [];
  for (const cell of CELLS) {
    for (const kind of CONTENDERS) await run(kind, cell.path, Math.max(50, N / 2), cell.concurrency);
    const times: Record<string, number[]> = Object.fromEntries(CONTENDERS.map((kind) => [kind, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? CONTENDERS : [...CONTENDERS].reverse();
      for (const kind of order) {
        const { ms, bytes } = await run(kind, cell.path, N, cell.concurrency);
        if (bytes !== N * BODIES[cell.path]!.length)
          throw new Error(`${kind} ${cell.path}: ${bytes} bytes for ${N} requests`);
        times[kind]!.push(ms / N);
      }
    }
    const perRequest = Object.fromEntries(CONTENDERS.map((kind) => [kind, median(times[kind]!)]));
    // The median of each round's own ratio: rounds side by side share the machine's moment.
    const ratios = Object.fromEntries(
      PAIRS.map(([ours, theirs]) => [
        ours,
        median(times[ours]!.map((ms, round) => ms / times[theirs]![round]!)),
      ]),
    );
    results.push({ ...cell, perRequest, ratios });
  }
  if (values.json) console.log(JSON.stringify({ requests: N, rounds: ROUNDS, results }));
  else {
    console.log(
      `Chromium ${await browser.version()}, ${ROUNDS} rounds of ${N} requests per contender and cell, median ms per request\n`,
    );
    console.log(
      '| body | concurrency | xhr | XhrTransport | × xhr | Client over XHR | × xhr | fetch | FetchTransport | × fetch | Client over fetch | × fetch |',
    );
    console.log(`|---|${'---:|'.repeat(11)}`);
    for (const { path, concurrency, perRequest: t, ratios: r } of results) {
      const cells = CONTENDERS.flatMap((kind) => {
        const ms = t[kind]!.toFixed(3);
        const ratio = r[kind];
        return ratio === undefined ? [ms] : [ms, `${ratio.toFixed(2)}×`];
      });
      console.log(`| ${path} | ${concurrency} | ${cells.join(' | ')} |`);
    }
    const worst = (kinds: readonly string[]) =>
      Math.max(...results.flatMap(({ ratios }) => kinds.map((kind) => ratios[kind] ?? 0)));
    const transports = worst(TRANSPORTS);
    const clients = worst(['httprx XhrTransport', 'httprx FetchTransport']);
    console.log(
      `\nThe bar (DESIGN §5): httprx's transports under 1.10× the platform's time per request: worst ${transports.toFixed(2)}×, ${transports < 1.1 ? 'met' : 'not met'}.`,
    );
    console.log(
      `The whole Client (URL and header merging, middleware, timeouts) over them: worst ${clients.toFixed(2)}×.`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
