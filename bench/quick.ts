/**
 * `npm run bench:quick`: a one-process comparison in under a minute, for a quick look between
 * full runs of `npm run bench`. The server is bench/server.ts in a process of its own; this
 * process holds one pool per contender (httprx get(), undici.request + body.arrayBuffer(),
 * httprx events()), warms them up and measures them in alternating rounds of N requests at each
 * concurrency and body. `--help` lists the options. Exits 0 whatever the numbers, 1 when a
 * request fails or a body has the wrong length.
 */
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type ServerProcess, startServer } from './processes.ts';
import { HELP, PATHS, parseQuickOptions, type QuickOptions } from './quick/options.ts';
import { type QuickResults, renderTable } from './quick/report.ts';
import { type Cell, driveFor, measureCell } from './quick/rounds.ts';
import { openSessions, type QuickSession } from './quick/sessions.ts';
import { loadHttprx } from './quick/source.ts';

const started = performance.now();
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** The length of `path`'s body, read on a connection of its own: every measured body must match it. */
function referenceBytes(origin: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${origin}${path}`, { agent: false }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () => {
        const declared = Number(response.headers['content-length']);
        if (response.statusCode !== 200 || bytes !== declared || bytes === 0) {
          reject(
            new Error(
              `GET ${path}: status ${response.statusCode}, ${bytes} bytes, Content-Length ${declared}`,
            ),
          );
        } else resolve(bytes);
      });
      response.on('error', reject);
    }).on('error', reject);
  });
}

function undiciVersion(): string {
  const file = new URL('../node_modules/undici/package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

async function run(options: QuickOptions): Promise<QuickResults> {
  const loaded = await loadHttprx(options);
  let server: ServerProcess | undefined;
  let sessions: QuickSession[] = [];
  try {
    server = await startServer();
    const { origin } = server;
    log(`httprx: ${loaded.description}; server at ${origin}`);
    sessions = openSessions(loaded.httprx, origin, options.connections);
    const bytes = Object.fromEntries(
      await Promise.all(
        options.bodies.map(async (body) => [body, await referenceBytes(origin, PATHS[body])]),
      ),
    ) as Record<string, number>;
    // Every pool opens all its connections and the code paths get hot before anything is measured.
    for (const session of sessions) {
      for (const body of options.bodies) {
        await driveFor(session, PATHS[body], bytes[body]!, options.warmupMs, options.connections);
      }
    }
    const cells: Cell[] = [];
    for (const body of options.bodies) {
      for (const concurrency of options.concurrencies) {
        const cell = await measureCell({
          sessions,
          body,
          bytes: bytes[body]!,
          concurrency,
          origin,
          requests: options.requests?.[body],
          roundMs: options.roundMs,
          warmupMs: Math.max(1, Math.round(options.warmupMs / 2)),
          rounds: options.rounds,
          onRound(round, samples) {
            const rates = Object.entries(samples).map(
              ([name, s]) => `${name} ${Math.round(s.requestsPerSecond)}/s`,
            );
            log(`${body} c=${concurrency} round ${round + 1}/${options.rounds}: ${rates.join(', ')}`);
          },
        });
        cells.push(cell);
      }
    }
    return {
      httprx: loaded.description,
      node: process.version,
      undici: undiciVersion(),
      rounds: options.rounds,
      connections: options.connections,
      gc: typeof globalThis.gc === 'function',
      cells,
      totalSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    await Promise.allSettled(sessions.map((session) => session.close()));
    server?.stop();
    loaded.dispose();
  }
}

try {
  const options = parseQuickOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
  } else {
    const results = await run(options);
    results.totalSeconds = (performance.now() - started) / 1000;
    process.stdout.write(
      options.json ? `${JSON.stringify(results, null, 2)}\n` : renderTable(results, options),
    );
  }
} catch (error) {
  log(`bench:quick failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
