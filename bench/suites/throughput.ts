/**
 * Requests/s, CPU per request, latency and peak RSS for every contender at every concurrency
 * and body, one process per measurement. Each round runs every contender once, in an order
 * rotated by one each round, so drift on the machine hits them all alike.
 */
import { contenders } from '../contenders/index.ts';
import { measureIn } from '../processes.ts';
import type { ThroughputParams, ThroughputSample } from '../protocol.ts';
import { BODIES, type Body, type Settings } from '../settings.ts';
import { formatCount, type Log } from './progress.ts';
import { waitForQuiet } from './quiet.ts';

export interface ThroughputResult {
  contender: string;
  body: Body;
  concurrency: number;
  samples: ThroughputSample[];
  errors: string[];
  /** Measurements thrown away because other processes were busy during them. */
  retries: number;
}

export function throughputContenders(settings: Settings): string[] {
  const all = contenders.map((contender) => contender.name);
  if (settings.only.length === 0) return all;
  for (const name of settings.only) {
    if (!all.includes(name)) throw new Error(`No contender named "${name}": ${all.join(', ')}`);
  }
  return all.filter((name) => settings.only.includes(name));
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Runs `tasks` with at most `jobs` at once, in order. */
async function runLimited(tasks: readonly (() => Promise<void>)[], jobs: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, lane));
}

export async function runThroughput(
  settings: Settings,
  origin: string,
  log: Log,
): Promise<ThroughputResult[]> {
  const names = throughputContenders(settings);
  const results: ThroughputResult[] = [];
  const resultFor = (contender: string, body: Body, concurrency: number): ThroughputResult => {
    let found = results.find(
      (r) => r.contender === contender && r.body === body && r.concurrency === concurrency,
    );
    if (!found) {
      found = { contender, body, concurrency, samples: [], errors: [], retries: 0 };
      results.push(found);
    }
    return found;
  };
  // Every result in table order first, whatever order the rounds run in.
  for (const body of settings.bodies) {
    for (const concurrency of settings.concurrencies)
      for (const name of names) resultFor(name, body, concurrency);
  }

  for (let round = 0; round < settings.rounds; round++) {
    const tasks: (() => Promise<void>)[] = [];
    for (const body of settings.bodies) {
      for (const concurrency of settings.concurrencies) {
        for (const contender of rotate(names, round)) {
          tasks.push(async () => {
            const params: ThroughputParams = {
              contender,
              origin,
              path: BODIES[body],
              concurrency,
              connections: settings.connections,
              warmupMs: settings.warmupMs,
              durationMs: settings.durationMs,
            };
            const result = resultFor(contender, body, concurrency);
            const where = `round ${round + 1}/${settings.rounds}  ${body.padEnd(5)} c=${String(concurrency).padEnd(3)}`;
            for (let attempt = 1; ; attempt++) {
              const outcome = await measureIn<ThroughputSample>('throughput', params);
              if (!outcome.ok) {
                result.errors.push(outcome.error);
                log(`${where} ${contender.padEnd(16)} FAILED ${outcome.error}`);
                return;
              }
              const { requestsPerSecond, cpuMicrosPerRequest, otherCpuPercent } = outcome.value;
              const disturbed = otherCpuPercent > settings.maxOtherCpu && attempt <= settings.retries;
              log(
                `${where} ${contender.padEnd(16)} ${formatCount(requestsPerSecond).padStart(7)} req/s  ` +
                  `${cpuMicrosPerRequest.toFixed(0).padStart(3)} µs CPU/req  others ${otherCpuPercent.toFixed(0)}%` +
                  (disturbed ? '  (disturbed: again)' : ''),
              );
              if (!disturbed) {
                result.samples.push(outcome.value);
                return;
              }
              result.retries++;
              await waitForQuiet(settings.maxOtherCpu, settings.quietWaitMs);
            }
          });
        }
      }
    }
    await runLimited(tasks, settings.jobs);
  }
  return results;
}
