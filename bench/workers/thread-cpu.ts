/**
 * CPU time of this process's V8 worker threads, from Linux's `/proc/self/task/<tid>/stat`
 * (undefined elsewhere): concurrent marking, parallel scavenges and sweeping, the cost of what
 * a request allocates that the main thread's profile does not show.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { MICROS_PER_TICK } from './machine-load.ts';

export function v8WorkerMicros(): number | undefined {
  try {
    let micros = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // The name, in parentheses, may hold spaces; utime and stime are fields 14 and 15.
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('V8Worker')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      micros += (Number(fields[11]) + Number(fields[12])) * MICROS_PER_TICK;
    }
    return micros;
  } catch {
    return undefined;
  }
}
