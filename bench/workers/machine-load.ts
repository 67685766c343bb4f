/**
 * CPU time the whole machine spent busy, from Linux's `/proc/stat` (undefined elsewhere): with
 * the client's and the server's own CPU time taken out, what is left is other processes, the
 * noise a measurement suffered.
 */
import { readFileSync } from 'node:fs';

/** `/proc/stat` counts in USER_HZ ticks, 100 a second on Linux. */
export const MICROS_PER_TICK = 10_000;

export function machineBusyMicros(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    const busy = [user, nice, system, irq, softirq, steal].reduce<number>((sum, n) => sum + (n ?? 0), 0);
    return busy * MICROS_PER_TICK;
  } catch {
    return undefined;
  }
}
