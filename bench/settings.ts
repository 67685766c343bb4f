/**
 * The runner's command line: `node bench/run.ts [--quick] [--rounds N] [--duration MS] …`.
 * `--quick` is one short round of everything, for the test suite; the rest tune a full run.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export type Suite = 'throughput' | 'large-body' | 'in-flight' | 'cancel';
export const SUITES: readonly Suite[] = ['throughput', 'large-body', 'in-flight', 'cancel'];
export const BODIES = { small: '/small', '64k': '/64k' } as const;
export type Body = keyof typeof BODIES;

export interface Settings {
  quick: boolean;
  /** Where RESULTS.md and the chart go. */
  out: string;
  suites: readonly Suite[];
  /** Throughput contenders to run (all when empty). */
  only: readonly string[];
  rounds: number;
  warmupMs: number;
  durationMs: number;
  concurrencies: readonly number[];
  bodies: readonly Body[];
  /** Pool size given to every contender. */
  connections: number;
  /** Throughput measurements run at once: 1 for real numbers; more only to smoke-test faster. */
  jobs: number;
  /** A throughput measurement during which other processes used more of a core than this (%) is repeated… */
  maxOtherCpu: number;
  /** …up to this many times, each after waiting up to this long for the machine to go quiet. */
  retries: number;
  quietWaitMs: number;
  largeBytes: number;
  largeRounds: number;
  inFlight: number;
  inFlightConnections: number;
  inFlightRounds: number;
  cancelRounds: number;
  cancelRepeats: number;
}

const HELP = `Usage: node bench/run.ts [options]
  --quick              one short round of everything (a smoke test; use with --out)
  --out DIR            where RESULTS.md and requests-per-second.svg go (default: bench/)
  --suites a,b         throughput, large-body, in-flight, cancel (default: all)
  --only a,b           throughput contenders by name (default: all)
  --rounds N           throughput rounds, the median is reported (default 5)
  --duration MS        measured time per throughput round (default 1500)
  --warmup MS          unmeasured warm-up before it (default 500)
  --concurrency 1,64   concurrencies (default 1,64)
  --bodies small,64k   response bodies (default small,64k)
  --jobs N             throughput measurements at once (default 1; more skews the numbers)
  --max-other-cpu P    repeat a measurement during which other processes used > P% of a core (default 15)
  --retries N          at most N times (default 2; 0 with --quick), each after
                       waiting up to --quiet-wait MS (default 30000; 0 with --quick) for quiet
  --large-bytes N      large download size (default 1073741824)
  --large-rounds N     large download rounds (default 3)
  --in-flight N        requests in flight (default 10000)
  --in-flight-rounds N (default 3)
  --cancel-rounds N    cancellation processes per contender (default 5)
  --cancel-repeats N   cancellations per process (default 3)`;

function list(value: string | undefined, fallback: readonly string[]): string[] {
  return value === undefined
    ? [...fallback]
    : value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
}

function count(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} wants an integer >= ${min}`);
  return parsed;
}

export function parseSettings(argv: readonly string[], benchDir: string): Settings {
  const names = [
    'out',
    'suites',
    'only',
    'rounds',
    'duration',
    'warmup',
    'concurrency',
    'bodies',
    'jobs',
    'max-other-cpu',
    'retries',
    'quiet-wait',
    'large-bytes',
    'large-rounds',
    'in-flight',
    'in-flight-rounds',
    'cancel-rounds',
    'cancel-repeats',
  ] as const;
  const options = Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
  const { values } = parseArgs({
    args: [...argv],
    options: { ...options, quick: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  const v = values as Record<string, string | undefined>;
  const quick = values.quick === true;
  const suites = list(v.suites, SUITES);
  for (const suite of suites) {
    if (!SUITES.includes(suite as Suite)) throw new Error(`Unknown suite ${suite}: ${SUITES.join(', ')}`);
  }
  const bodies = list(v.bodies, quick ? ['small'] : Object.keys(BODIES));
  for (const body of bodies) {
    if (!(body in BODIES)) throw new Error(`Unknown body ${body}: ${Object.keys(BODIES).join(', ')}`);
  }
  return {
    quick,
    out: v.out ?? benchDir,
    suites: suites as Suite[],
    only: list(v.only, []),
    rounds: count('rounds', v.rounds, quick ? 1 : 5),
    warmupMs: count('warmup', v.warmup, quick ? 100 : 500, 0),
    durationMs: count('duration', v.duration, quick ? 200 : 1500),
    concurrencies: list(v.concurrency, ['1', '64']).map((c) => count('concurrency', c, 1)),
    bodies: bodies as Body[],
    connections: 64,
    jobs: count('jobs', v.jobs, quick ? 2 : 1),
    maxOtherCpu: count('max-other-cpu', v['max-other-cpu'], 15, 0),
    retries: count('retries', v.retries, quick ? 0 : 2, 0),
    quietWaitMs: count('quiet-wait', v['quiet-wait'], quick ? 0 : 30_000, 0),
    largeBytes: count('large-bytes', v['large-bytes'], quick ? 16 * 1024 * 1024 : 1024 * 1024 * 1024),
    largeRounds: count('large-rounds', v['large-rounds'], quick ? 1 : 3),
    inFlight: count('in-flight', v['in-flight'], quick ? 500 : 10_000),
    inFlightConnections: 100,
    inFlightRounds: count('in-flight-rounds', v['in-flight-rounds'], quick ? 1 : 3),
    cancelRounds: count('cancel-rounds', v['cancel-rounds'], quick ? 1 : 5),
    cancelRepeats: count('cancel-repeats', v['cancel-repeats'], quick ? 2 : 3),
  };
}

/** The chart's file name, next to RESULTS.md. */
export const CHART_FILE = 'requests-per-second.svg';
export const resultsPath = (settings: Settings): string => join(settings.out, 'RESULTS.md');
export const chartPath = (settings: Settings): string => join(settings.out, CHART_FILE);
