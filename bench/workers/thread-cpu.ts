/**
 * This process's CPU time split by thread, from Linux's `/proc/self/task/<tid>/stat` (undefined
 * elsewhere): the main thread (where the JavaScript of a request runs) apart from V8's worker
 * threads (concurrent marking, parallel scavenges, sweeping: the cost of what a request
 * allocates that the main thread's profile does not show) and libuv's.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** `/proc` counts in USER_HZ ticks, 100 a second on Linux. */
const MICROS_PER_TICK = 10_000;

export interface ThreadCpu {
  /** The main thread, in µs. */
  main: number;
  /** V8's worker threads (garbage collection, compilation), in µs. */
  v8: number;
}

export function threadCpuMicros(): ThreadCpu | undefined {
  try {
    const split: ThreadCpu = { main: 0, v8: 0 };
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // The name, in parentheses, may hold spaces; utime and stime are fields 14 and 15.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const micros = (Number(fields[11]) + Number(fields[12])) * MICROS_PER_TICK;
      if (tid === String(process.pid)) split.main += micros;
      else if (name.startsWith('V8Worker')) split.v8 += micros;
    }
    return split;
  } catch {
    return undefined;
  }
}
