/**
 * The measuring side of `bench:quick`: `requests` requests kept `concurrency` at a time, timed
 * and with the process's CPU time taken over them; cells of alternating rounds.
 */
import { performance } from 'node:perf_hooks';
import { serverStats } from '../server-control.ts';
import { type Summary, summarize } from '../stats.ts';
import { machineBusyMicros } from '../workers/machine-load.ts';
import { v8WorkerMicros } from '../workers/thread-cpu.ts';
import { type Body, PATHS } from './options.ts';
import type { ContenderName, QuickSession } from './sessions.ts';

export interface Sample {
  requestsPerSecond: number;
  cpuMicrosPerRequest: number;
  /** CPU time of V8's worker threads (garbage collection, mostly) in the round, in µs (NaN off Linux). */
  v8Micros: number;
}

export interface Ratio extends Summary {
  /** Per round: the first contender's requests/s over the second's. */
  rounds: number[];
}

export interface Cell {
  body: Body;
  concurrency: number;
  requests: number;
  /** Per contender, one sample a round. */
  samples: Record<ContenderName, Sample[]>;
  requestsPerSecond: Record<ContenderName, number>;
  cpuMicrosPerRequest: Record<ContenderName, number>;
  /**
   * Of that, V8's worker threads per request over all the rounds (garbage collection, mostly:
   * what a request allocates costs there too; NaN off Linux). The contenders share one heap, so
   * a collection in one round may be partly another contender's garbage: a hint, not a split.
   */
  v8MicrosPerRequest: Record<ContenderName, number>;
  /** httprx get() over undici.request, and httprx events() over get(), round by round. */
  ratios: { getOverUndici: Ratio; eventsOverGet: Ratio };
  /** CPU other processes than this one and the server's used during the rounds, in % of a core (NaN off Linux). */
  otherCpuPercent: number;
}

/** The CPU time of the machine, of this process and of the server so far, in µs. */
async function cpuNow(origin: string): Promise<{ machine: number; own: number; server: number; at: number }> {
  const server = (await serverStats(origin)).cpuMicros;
  const own = process.cpuUsage();
  return {
    machine: machineBusyMicros() ?? Number.NaN,
    own: own.user + own.system,
    server,
    at: performance.now(),
  };
}

const collect = globalThis.gc ?? (() => {});

/** Sends `requests` GETs, `concurrency` in flight at a time; every body is checked. */
export async function drive(
  session: QuickSession,
  path: string,
  bytes: number,
  requests: number,
  concurrency: number,
): Promise<void> {
  let left = requests;
  const loop = async (): Promise<void> => {
    while (left > 0) {
      left--;
      try {
        await session.request(path, bytes);
      } catch (error) {
        left = 0; // the other loops stop too
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, loop));
}

/** Sends GETs, `concurrency` in flight at a time, for `ms`; returns the requests/s. */
export async function driveFor(
  session: QuickSession,
  path: string,
  bytes: number,
  ms: number,
  concurrency: number,
): Promise<number> {
  const start = performance.now();
  const until = start + ms;
  let count = 0;
  const loop = async (): Promise<void> => {
    while (performance.now() < until) {
      await session.request(path, bytes);
      count++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return (count * 1000) / (performance.now() - start);
}

async function measure(
  session: QuickSession,
  path: string,
  bytes: number,
  requests: number,
  concurrency: number,
): Promise<Sample> {
  collect();
  const v8Before = v8WorkerMicros();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await drive(session, path, bytes, requests, concurrency);
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const v8After = v8WorkerMicros();
  return {
    requestsPerSecond: (requests * 1000) / elapsedMs,
    cpuMicrosPerRequest: (cpu.user + cpu.system) / requests,
    v8Micros: v8Before === undefined || v8After === undefined ? Number.NaN : v8After - v8Before,
  };
}

function ratio(samples: Record<ContenderName, Sample[]>, top: ContenderName, bottom: ContenderName): Ratio {
  const rounds = samples[top].map(
    (sample, round) => sample.requestsPerSecond / samples[bottom][round]!.requestsPerSecond,
  );
  return { ...summarize(rounds), rounds };
}

export interface CellPlan {
  origin: string;
  sessions: readonly QuickSession[];
  body: Body;
  bytes: number;
  concurrency: number;
  /** Requests per contender and round; undefined: what the median contender sent in `roundMs` of its warm-up (at least 4 per connection in use). */
  requests: number | undefined;
  roundMs: number;
  warmupMs: number;
  rounds: number;
  /** Called after every round, for the progress line. */
  onRound(round: number, samples: Record<ContenderName, Sample>): void;
}

/** Rounds of every contender, the order reversed every other round, after an unmeasured warm-up. */
export async function measureCell(plan: CellPlan): Promise<Cell> {
  const { sessions, body, bytes, concurrency } = plan;
  const path = PATHS[body];
  const rates: number[] = [];
  for (const session of sessions)
    rates.push(await driveFor(session, path, bytes, plan.warmupMs, concurrency));
  // The median contender's warm-up rate, so that one of them having a bad moment does not make every round short.
  const requests =
    plan.requests ?? Math.max(4 * concurrency, Math.round((summarize(rates).median * plan.roundMs) / 1000));
  const samples = Object.fromEntries(sessions.map((s) => [s.name, [] as Sample[]])) as Record<
    ContenderName,
    Sample[]
  >;
  const before = await cpuNow(plan.origin);
  for (let round = 0; round < plan.rounds; round++) {
    const order = round % 2 ? [...sessions].reverse() : sessions;
    const these = {} as Record<ContenderName, Sample>;
    for (const session of order) {
      these[session.name] = await measure(session, path, bytes, requests, concurrency);
      samples[session.name].push(these[session.name]);
    }
    plan.onRound(round, these);
  }
  const after = await cpuNow(plan.origin);
  const others = after.machine - before.machine - (after.own - before.own) - (after.server - before.server);
  const median = (pick: (sample: Sample) => number) =>
    Object.fromEntries(sessions.map((s) => [s.name, summarize(samples[s.name].map(pick)).median])) as Record<
      ContenderName,
      number
    >;
  return {
    body,
    concurrency,
    requests,
    samples,
    requestsPerSecond: median((sample) => sample.requestsPerSecond),
    cpuMicrosPerRequest: median((sample) => sample.cpuMicrosPerRequest),
    v8MicrosPerRequest: Object.fromEntries(
      sessions.map((s) => [
        s.name,
        samples[s.name].reduce((sum, sample) => sum + sample.v8Micros, 0) / (requests * plan.rounds),
      ]),
    ) as Record<ContenderName, number>,
    ratios: {
      getOverUndici: ratio(samples, 'httprx get', 'undici.request'),
      eventsOverGet: ratio(samples, 'httprx events', 'httprx get'),
    },
    otherCpuPercent: Math.max(0, (others / ((after.at - before.at) * 1000)) * 100),
  };
}
