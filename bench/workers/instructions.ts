/**
 * The measured process of `bench/instructions.ts`, run under callgrind with its counting off:
 * it warms one contender up, says so in `<dir>/ready` (its pid), waits for `<dir>/go` (the
 * counting is on by then), sends the measured requests, says `<dir>/done` and waits for
 * `<dir>/stop` (the counting is off again) before it closes. Argument: a JSON object of
 * {@link InstructionsJob}.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Session } from '../contenders/contender.ts';
import { contenderNamed } from '../contenders/index.ts';

export interface InstructionsJob {
  contender: string;
  origin: string;
  path: string;
  connections: number;
  warmup: number;
  requests: number;
  dir: string;
}

const job = JSON.parse(process.argv[2] ?? '{}') as InstructionsJob;

/** `count` requests, `connections` at a time. */
async function drive(session: Session, count: number): Promise<void> {
  let left = count;
  const lane = async () => {
    while (left-- > 0) await session.request(job.path);
  };
  await Promise.all(Array.from({ length: job.connections }, lane));
}

async function waitFor(file: string): Promise<void> {
  while (!existsSync(join(job.dir, file))) await sleep(20);
}

const open = await contenderNamed(job.contender).load();
const session = open(job.origin, job.connections);
await drive(session, job.warmup);
writeFileSync(join(job.dir, 'ready'), String(process.pid));
await waitFor('go');
await drive(session, job.requests);
writeFileSync(join(job.dir, 'done'), '');
await waitFor('stop');
await session.close();
