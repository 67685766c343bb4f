/**
 * Waits for the machine to go quiet: while no measurement runs, the CPU time the machine spends
 * is other processes'. Used before repeating a measurement that other processes disturbed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { machineBusyMicros } from '../workers/machine-load.ts';

const WINDOW_MS = 500;

/** Resolves once other processes use at most `maxPercent` of a core over half a second, or after `maxWaitMs`. */
export async function waitForQuiet(maxPercent: number, maxWaitMs: number): Promise<boolean> {
  const deadline = performance.now() + maxWaitMs;
  while (performance.now() < deadline) {
    const before = machineBusyMicros();
    const start = performance.now();
    await sleep(WINDOW_MS);
    const after = machineBusyMicros();
    if (before === undefined || after === undefined) return true;
    const percent = ((after - before) / ((performance.now() - start) * 1000)) * 100;
    if (percent <= maxPercent) return true;
  }
  return false;
}
