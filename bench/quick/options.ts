/** The command line of `npm run bench:quick` (`node --expose-gc bench/quick.ts [options]`). */
import { parseArgs } from 'node:util';

export const BODIES = ['small', '64k'] as const;
export type Body = (typeof BODIES)[number];
export const PATHS: Record<Body, string> = { small: '/small', '64k': '/64k' };

export interface QuickOptions {
  /** Rounds per cell; each round measures every contender once. */
  rounds: number;
  /** Requests per contender and round, by body; undefined: as many as take `roundMs` (see below). */
  requests: Record<Body, number> | undefined;
  /** Without `requests`, each cell's N is what its median contender sent in this long during its warm-up. */
  roundMs: number;
  bodies: readonly Body[];
  concurrencies: readonly number[];
  /** Pool size of every contender. */
  connections: number;
  /** Unmeasured time per contender and body before the first cell; half of it per contender before each cell. */
  warmupMs: number;
  /** Measure a fresh build of src/ (`tsc -p tsconfig.build.json`) instead of src/ itself. */
  dist: boolean;
  /** …or an existing build: the folder holding its `index.js`. */
  distDir: string | undefined;
  json: boolean;
  help: boolean;
}

export const HELP = `Usage: npm run bench:quick -- [options]   (node --expose-gc bench/quick.ts [options])
  One process measures httprx get() against undici.request + body.arrayBuffer(), and
  httprx events() against get(), in alternating rounds against bench/server.ts (another process).
  --rounds N            rounds per cell, the order reversed every other round (default 8)
  --requests N          requests per contender and round: N for small, a quarter of N for 64k
                        (default: per cell, as many as the median contender sent in --round-ms
                        of its warm-up, at least 4 per connection in use, so that the run takes
                        about 45 s, busy machine or not)
  --round-ms MS         the length of a measurement when --requests is not given (default 400)
  --warmup-ms MS        unmeasured warm-up per contender and body before the first cell, and
                        half of it per contender before each cell (default 300)
  --only small|64k      one body only (default both)
  --concurrency 1,64    requests in flight (default 1,64)
  --connections N       pool size of every contender (default 64)
  --dist                measure a fresh build of src/ (tsc -p tsconfig.build.json into a temp folder)
  --dist-dir DIR        measure an existing build (DIR/index.js; its imports must resolve to
                        this project's node_modules, as dist/ does)
  --json                print the results as JSON on stdout (progress still goes to stderr)
  --help                this text
  Exits 0 whatever the numbers; non-zero only when a request fails or a body has the wrong length.`;

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new Error(`--${name} wants a whole number >= 1, not "${value}"`);
  }
  return parsed;
}

export function parseQuickOptions(argv: readonly string[]): QuickOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      rounds: { type: 'string' },
      requests: { type: 'string' },
      'round-ms': { type: 'string' },
      'warmup-ms': { type: 'string' },
      only: { type: 'string' },
      concurrency: { type: 'string' },
      connections: { type: 'string' },
      dist: { type: 'boolean', default: false },
      'dist-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const only = values.only;
  if (only !== undefined && !(BODIES as readonly string[]).includes(only)) {
    throw new Error(`--only wants one of ${BODIES.join(', ')}, not "${only}"`);
  }
  const concurrencies = (values.concurrency ?? '1,64')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => integer('concurrency', item, 1));
  if (concurrencies.length === 0) throw new Error('--concurrency wants a list such as 1,64');
  const small = values.requests === undefined ? undefined : integer('requests', values.requests, 1);
  const requests = small === undefined ? undefined : { small, '64k': Math.max(1, Math.round(small / 4)) };
  if (values.dist && values['dist-dir'] !== undefined) throw new Error('Give --dist or --dist-dir, not both');
  return {
    rounds: integer('rounds', values.rounds, 8),
    requests,
    roundMs: integer('round-ms', values['round-ms'], 400),
    warmupMs: integer('warmup-ms', values['warmup-ms'], 300),
    bodies: only === undefined ? BODIES : [only as Body],
    concurrencies,
    connections: integer('connections', values.connections, 64),
    dist: values.dist ?? false,
    distDir: values['dist-dir'],
    json: values.json ?? false,
    help: values.help ?? false,
  };
}
