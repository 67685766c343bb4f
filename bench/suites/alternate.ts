/**
 * Rounds of a few contenders, one measurement process each, the order reversed every other
 * round so drift hits them alike. Used by the large-body, in-flight and cancellation suites.
 */
import type { Outcome } from '../processes.ts';
import type { Log } from './progress.ts';

export interface Measured<S> {
  contender: string;
  samples: S[];
  errors: string[];
}

export interface Alternation<S> {
  /** Shown in the progress lines. */
  label: string;
  contenders: readonly string[];
  rounds: number;
  /** One measurement process; it may report several samples. */
  measure(contender: string): Promise<Outcome<S[]>>;
  describe(samples: S[]): string;
  /** Runs before each measurement: waits for the machine to go quiet. */
  settle(): Promise<unknown>;
}

export async function alternate<S>(plan: Alternation<S>, log: Log): Promise<Measured<S>[]> {
  const results = plan.contenders.map((contender): Measured<S> => ({ contender, samples: [], errors: [] }));
  for (let round = 0; round < plan.rounds; round++) {
    const order = round % 2 ? [...results].reverse() : results;
    for (const result of order) {
      await plan.settle();
      const outcome = await plan.measure(result.contender);
      const where = `${plan.label} round ${round + 1}/${plan.rounds}  ${result.contender.padEnd(20)}`;
      if (outcome.ok) {
        result.samples.push(...outcome.value);
        log(`${where} ${plan.describe(outcome.value)}`);
      } else {
        result.errors.push(outcome.error);
        log(`${where} FAILED ${outcome.error}`);
      }
    }
  }
  return results;
}

/** A measurement process that reports one sample, as a list of one. */
export async function one<S>(outcome: Promise<Outcome<S>>): Promise<Outcome<S[]>> {
  const settled = await outcome;
  return settled.ok ? { ok: true, value: [settled.value] } : settled;
}
