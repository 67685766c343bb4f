/**
 * `npm run bench:instructions`: user-space instructions per request, counted by valgrind's
 * callgrind, for httprx `get()` against `undici.request` (and any other contender). Unlike time,
 * the count hardly moves between runs (±0.5%), so it tells a 2% change apart on a machine whose
 * speed varies by half from one minute to the next. It leaves out what the kernel does for the
 * process (the socket writes and reads, the same for every contender), so its ratios are wider
 * than those of CPU time, and cache misses, which it does not see.
 *
 * Each contender runs in a process of its own under callgrind with counting off; after its
 * warm-up (`--warmup` requests, so the JIT has settled) counting goes on for `--requests`
 * requests, then off. The server runs natively in another process. Instructions spent compiling
 * (the JIT still tiering up now and then) are shown apart and left out of the ratio. Needs
 * valgrind (Debian: `apt-get install valgrind`); takes about a minute per two contenders.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BASELINE } from './contenders/index.ts';
import { startServer } from './processes.ts';
import type { InstructionsJob } from './workers/instructions.ts';

const HELP = `node bench/instructions.ts [--only 'httprx get,undici.request'] [--requests 4000] [--warmup 20000] [--path /small]`;
const { values } = parseArgs({
  options: {
    only: { type: 'string', default: `httprx get,${BASELINE}` },
    requests: { type: 'string', default: '4000' },
    warmup: { type: 'string', default: '20000' },
    path: { type: 'string', default: '/small' },
    connections: { type: 'string', default: '64' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
for (const tool of ['valgrind', 'callgrind_control', 'callgrind_annotate']) {
  if (spawnSync(tool, ['--help'], { stdio: 'ignore' }).error)
    throw new Error(`${tool} is missing: bench:instructions needs valgrind (apt-get install valgrind)`);
}

const worker = fileURLToPath(new URL('./workers/instructions.ts', import.meta.url));
/** What V8's compilers run: tiering up, not the request path itself. */
const COMPILER = /compiler::|Compiler|[Mm]aglev|[Tt]urboshaft|baseline::|Turbofan/;

interface Count {
  contender: string;
  perRequest: number;
  compiling: number;
}

/** Runs one contender under callgrind and counts its measured requests. */
async function count(contender: string, origin: string): Promise<Count> {
  const dir = mkdtempSync(join(tmpdir(), 'httprx-instructions-'));
  const out = join(dir, 'callgrind.out');
  const requests = Number(values.requests);
  const job: InstructionsJob = {
    contender,
    origin,
    path: values.path,
    connections: Number(values.connections),
    warmup: Number(values.warmup),
    requests,
    dir,
  };
  const args = ['--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file'];
  const child = spawn(
    'valgrind',
    [...args, `--callgrind-out-file=${out}`, process.execPath, worker, JSON.stringify(job)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  child.stderr.on('data', (data: Buffer) => {
    log += data;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const step = async (file: string) => {
    while (!existsSync(join(dir, file))) {
      if (child.exitCode !== null) throw new Error(`${contender} exited early:\n${log.slice(-2000)}`);
      await sleep(100);
    }
  };
  try {
    await step('ready');
    const pid = readFileSync(join(dir, 'ready'), 'utf8');
    spawnSync('callgrind_control', ['-i', 'on', pid], { stdio: 'ignore' });
    writeFileSync(join(dir, 'go'), '');
    await step('done');
    spawnSync('callgrind_control', ['-i', 'off', pid], { stdio: 'ignore' });
    writeFileSync(join(dir, 'stop'), '');
    if ((await exited) !== 0) throw new Error(`${contender} failed:\n${log.slice(-2000)}`);
    const totals = /^totals: (\d+)/m.exec(readFileSync(out, 'utf8'));
    if (!totals) throw new Error(`No totals in callgrind's output for ${contender}`);
    return { contender, perRequest: Number(totals[1]) / requests, compiling: compiling(out) / requests };
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The instructions callgrind found in V8's compilers. */
function compiling(file: string): number {
  const listing = spawnSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  }).stdout;
  let sum = 0;
  for (const line of listing.split('\n')) {
    const found = /^\s*([\d,]+) \(/.exec(line);
    if (found && COMPILER.test(line)) sum += Number(found[1]!.replaceAll(',', ''));
  }
  return sum;
}

const names = values.only.split(',').map((name) => name.trim());
const server = await startServer();
const counts: Count[] = [];
try {
  // Two at a time: the machines this runs on have two cores, and counts do not depend on speed.
  for (let i = 0; i < names.length; i += 2)
    counts.push(...(await Promise.all(names.slice(i, i + 2).map((name) => count(name, server.origin)))));
} finally {
  server.stop();
}
const base = counts.find((c) => c.contender === BASELINE);
const k = (n: number) => `${(n / 1000).toFixed(1)}K`;
console.log(
  `GET ${values.path}, ${values.connections} at a time, ${values.requests} requests after ${values.warmup}`,
);
console.log(
  '| contender | instructions/request | of it compiling | without compiling | ratio to undici.request |',
);
console.log('|---|---:|---:|---:|---:|');
for (const c of counts) {
  const steady = c.perRequest - c.compiling;
  const ratio = base ? (steady / (base.perRequest - base.compiling)).toFixed(3) : '–';
  console.log(`| ${c.contender} | ${k(c.perRequest)} | ${k(c.compiling)} | ${k(steady)} | ${ratio} |`);
}
