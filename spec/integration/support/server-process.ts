/**
 * A real server program for the integration tests (apache2 today; nginx, squid and the SOCKS
 * servers next), run in the foreground in a process group of its own until it accepts TCP
 * connections on 127.0.0.1:<port>.
 *
 * When it cannot start, the error names the server, its port and command, and shows what the
 * program itself said (its stderr and stdout, and the log files it was given), and every
 * process of its group is gone before the promise rejects. `stop()` ends the group the same
 * way. Run daemons in their foreground mode (`apache2 -D FOREGROUND`, nginx `daemon off;`,
 * `squid -N`, danted without `-D`): a program that forks into the background and exits counts
 * as having failed to start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { closedPort } from './server.ts';

export interface ServerProcessOptions {
  /** The server's name in messages, e.g. `apache2`. */
  name: string;
  /** The program: an absolute path, or a name looked up on PATH. */
  command: string;
  args: readonly string[];
  /** The port on 127.0.0.1 the program is configured to listen on. */
  port: number;
  /** Files the program logs to (its error log): their text is added to a start failure. */
  logs?: readonly string[];
  /** How long to wait for the port to accept a connection. @default 10000 */
  readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before it sends SIGKILL. @default 5000 */
  stopGraceMs?: number;
  /** @default the test process's working directory */
  cwd?: string;
  /** @default the test process's environment */
  env?: NodeJS.ProcessEnv;
}

/** A running server program. */
export interface ServerProcess {
  readonly name: string;
  readonly port: number;
  /** The program's pid, also the id of its process group. */
  readonly pid: number;
  /** What it wrote to stderr so far (the last 64 KiB). */
  stderr(): string;
  /** SIGTERM to its group, SIGKILL after `stopGraceMs`; resolves once no process of it is left. */
  stop(): Promise<void>;
}

/** Why a server did not start: its program could not be run, it exited, or it never listened. */
export type StartFailure = 'spawn' | 'exit' | 'timeout';

export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';
  readonly reason: StartFailure;
  /** The program's pid, when it ran at all: no process of its group is left. */
  readonly pid: number | undefined;

  constructor(message: string, reason: StartFailure, pid: number | undefined) {
    super(message);
    this.reason = reason;
    this.pid = pid;
  }
}

const OUTPUT_LIMIT = 64 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The groups started and not yet ended: killed if the test process exits first. */
const running = new Set<number>();
process.once('exit', () => {
  for (const pgid of running) signalGroup(pgid, 'SIGKILL');
});

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {} // ESRCH: nobody left
}

/** The live processes of group `pgid` (zombies, already dead, do not count). */
export function groupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    // No /proc (not Linux): ask the kernel whether anyone in the group is left.
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM' ? [pgid] : [];
    }
  }
  return entries.map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z' && state !== 'X';
    } catch {
      return false; // gone while we looked
    }
  });
}

async function until(condition: () => boolean, limitMs: number): Promise<boolean> {
  for (const deadline = performance.now() + limitMs; !condition(); await sleep(25)) {
    if (performance.now() > deadline) return false;
  }
  return true;
}

/** Ends every process of the group and waits for the program's exit to be seen. */
async function endGroup(child: ChildProcess, pgid: number, name: string, graceMs: number): Promise<void> {
  const gone = () => groupMembers(pgid).length === 0;
  signalGroup(pgid, 'SIGTERM');
  if (!(await until(gone, graceMs))) {
    signalGroup(pgid, 'SIGKILL');
    if (!(await until(gone, 2000))) {
      throw new Error(`${name} (pid ${pgid}): processes ${groupMembers(pgid).join(', ')} outlived SIGKILL`);
    }
  }
  running.delete(pgid);
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise((resolve) => child.once('exit', resolve));
  }
  child.stdout?.destroy();
  child.stderr?.destroy();
}

function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  // Always read, so a talkative server never blocks on a full pipe.
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-OUTPUT_LIMIT);
  });
  return () => text;
}

function probe(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function section(title: string, text: string): string {
  const body = text.trimEnd();
  return `\n  ${title}:${body === '' ? ' (empty)' : `\n${body.replace(/^/gm, '    ')}`}`;
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    return `(not readable: ${(error as Error).message})`;
  }
}

function notInstalled(error: NodeJS.ErrnoException): string {
  return error.code === 'ENOENT'
    ? ' (not installed? npm test installs the packages of scripts/debian-packages)'
    : '';
}

/** Starts the program and resolves once its port accepts connections (see the file's comment). */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const { name, command, args, port, logs = [], readyTimeoutMs = 10_000, stopGraceMs = 5000 } = options;
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true, // its own process group, so every process it forks ends with it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) running.add(child.pid);
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  let ended: { error: Error } | { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.once('error', (error) => {
    ended ??= { error };
  });
  child.once('exit', (code, signal) => {
    ended ??= { code, signal };
  });

  // Without a pid it never ran: the 'error' event (ENOENT, EACCES) follows.
  if (child.pid === undefined) await new Promise((resolve) => child.once('error', resolve));
  let ready = false;
  for (const deadline = performance.now() + readyTimeoutMs; ended === undefined && !ready; ) {
    if (performance.now() > deadline) break;
    ready = await probe(port);
    if (!ready) await sleep(25);
  }
  // An exit noticed only now may have come first: the listener was someone else.
  if (ready && ended === undefined) {
    const pid = child.pid!;
    let stopping: Promise<void> | undefined;
    return {
      name,
      port,
      pid,
      stderr,
      stop: () => {
        stopping ??= endGroup(child, pid, name, stopGraceMs);
        return stopping;
      },
    };
  }

  const pid = child.pid;
  const outcome = ended; // before endGroup, whose SIGTERM ends it in any case
  if (pid !== undefined) await endGroup(child, pid, name, stopGraceMs);
  const [reason, what]: [StartFailure, string] =
    outcome === undefined
      ? ['timeout', `it was not listening after ${readyTimeoutMs} ms, so it was stopped`]
      : 'error' in outcome
        ? ['spawn', `${outcome.error.message}${notInstalled(outcome.error)}`]
        : [
            'exit',
            `it exited before listening, ${outcome.signal ? `killed by ${outcome.signal}` : `code ${outcome.code}`}`,
          ];
  const message =
    `${name} did not start on 127.0.0.1:${port}: ${what}` +
    `\n  command: ${[command, ...args].join(' ')}` +
    section('stderr', stderr()) +
    (stdout().trim() === '' ? '' : section('stdout', stdout())) +
    logs.map((file) => section(file, readLog(file))).join('');
  throw new ServerStartError(message, reason, pid);
}

/**
 * Runs `start` with a port that was free a moment ago. Another process may take it first, so
 * when the server exits or never listens it tries again on another port, `tries` times in all.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await closedPort();
    try {
      return await start(port);
    } catch (error) {
      if (attempt >= tries || !(error instanceof ServerStartError) || error.reason === 'spawn') throw error;
    }
  }
}
