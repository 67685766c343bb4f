/**
 * What the proxy starters (squid.ts, tinyproxy.ts, apache-proxy.ts, dante.ts, microsocks.ts)
 * share: the handle they return, a temp dir for config and logs, the start on a free port with
 * the program's own words on failure (server-process.ts), and the log reading.
 *
 * Every starter's `log()` gives one line per request the proxy saw, in one shape for all five:
 *
 *     forward GET http://127.0.0.1:41234/path 200 auth=alice
 *     tunnel CONNECT 127.0.0.1:41234 200 auth=-
 *     socks CONNECT 127.0.0.1:41234 auth=alice
 *
 * `forward` is an absolute-form request the proxy fetched itself, `tunnel` an HTTP CONNECT,
 * `socks` a SOCKS5 CONNECT; then the method and target as the proxy read them, the status it
 * answered (HTTP proxies only; `-` where it does not log one), and `auth=` the user name of
 * the credentials the client presented (`-`: none presented; `?` where the server cannot tell).
 * `rawLog()` is the server's own log, for what the shape leaves out.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onFreePort, type ServerProcess, startServerProcess } from './server-process.ts';

/** Credentials a proxy demands; without them it answers 407 (SOCKS: refuses the method or the login). */
export interface ProxyAuth {
  user: string;
  password: string;
}

export interface ProxyOptions {
  /** Require these credentials: Basic proxy auth (HTTP proxies) or RFC 1929 username/password (SOCKS5). */
  auth?: ProxyAuth;
}

/** A real proxy server on 127.0.0.1, in a temp dir of its own. */
export interface ProxyServer {
  /** `http://127.0.0.1:<port>` or `socks5://127.0.0.1:<port>`, without credentials. */
  readonly url: string;
  readonly port: number;
  /** The credentials it demands, if any. */
  readonly auth: ProxyAuth | undefined;
  /** One line per request it saw so far (the file's comment gives the shape). */
  log(): string[];
  /** Waits (at most `limitMs`, default 3 s) until `log()` has `count` lines, then returns it either way. */
  settleLog(count: number, limitMs?: number): Promise<string[]>;
  /** The server's own log lines so far. */
  rawLog(): string[];
  /** Ends every process of the server and removes its temp dir. */
  stop(): Promise<void>;
}

/** The user name in a `Basic …` credential, `-` for none, `?` when it cannot be read. */
export function basicUser(header: string | undefined): string {
  if (header === undefined || header === '' || header === '-') return '-';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return '?';
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? '?' : decoded.slice(0, colon) || '?';
}

/** The line of a request through an HTTP proxy, in the shape of the file's comment. */
export function httpLine(method: string, target: string, status: string, auth: string): string {
  return `${method === 'CONNECT' ? 'tunnel' : 'forward'} ${method} ${target} ${status} auth=${auth}`;
}

/** The line of a SOCKS5 CONNECT. */
export function socksLine(target: string, auth: string): string {
  return `socks CONNECT ${target} auth=${auth}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A temp dir the server's (possibly unprivileged) user can enter and read. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `httprx-${name}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/** Gives `dir` and everything in it to `uid:gid` (squid and tinyproxy write as their own users). */
export function chownTree(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) chownTree(path, uid, gid);
    else chownSync(path, uid, gid);
  }
}

/** The non-empty lines of a file, none while it does not exist yet. */
export function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** The user and group ids of a system user, from /etc/passwd. */
export function systemUser(name: string): { uid: number; gid: number } {
  for (const line of readLines('/etc/passwd')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name) return { uid: Number(uid), gid: Number(gid) };
  }
  throw new Error(`no system user ${name} (is its Debian package installed? see scripts/debian-packages)`);
}

export interface ProxyStart {
  /** The server's name in messages, e.g. `squid`. */
  name: string;
  /** `http`, `https` (TLS to the proxy) or `socks5`: the scheme of `url`. */
  scheme: 'http' | 'https' | 'socks5';
  /** The temp dir (from `tempDir`), removed on stop or on a failed start. */
  dir: string;
  auth: ProxyAuth | undefined;
  /** Writes the config for `port`; returns the command line and the log files to show on failure. */
  prepare(port: number): { command: string; args: string[]; logs?: string[] };
  /** The server's own log lines. */
  rawLog(process: ServerProcess): string[];
  /** The request lines among them, in the shape of the file's comment. */
  parse(raw: string[]): string[];
}

/** Starts the server on a free port (retrying on a taken one) and wraps it as a ProxyServer. */
export async function startProxy(start: ProxyStart): Promise<ProxyServer> {
  let server: ServerProcess;
  try {
    server = await onFreePort((port) => {
      const { command, args, logs = [] } = start.prepare(port);
      for (const file of logs) rmSync(file, { force: true }); // a failure shows this attempt's logs only
      return startServerProcess({ name: start.name, command, args, port, logs });
    });
  } catch (error) {
    rmSync(start.dir, { recursive: true, force: true });
    throw error;
  }
  const rawLog = () => start.rawLog(server);
  const log = () => start.parse(rawLog());
  let stopping: Promise<void> | undefined;
  return {
    url: `${start.scheme}://127.0.0.1:${server.port}`,
    port: server.port,
    auth: start.auth,
    log,
    rawLog,
    async settleLog(count, limitMs = 3000) {
      for (const deadline = performance.now() + limitMs; log().length < count; await sleep(20)) {
        if (performance.now() > deadline) break;
      }
      return log();
    },
    stop() {
      stopping ??= server.stop().finally(() => rmSync(start.dir, { recursive: true, force: true }));
      return stopping;
    },
  };
}

/**
 * An htpasswd line for `user` whose password is MD5-crypt (`$1$`), made by `openssl passwd`:
 * squid's basic_ncsa_auth and Apache's mod_authn_file both check it with the C library's crypt().
 */
export function htpasswdLine({ user, password }: ProxyAuth): string {
  const hash = execFileSync('openssl', ['passwd', '-1', '-stdin'], {
    input: `${password}\n`,
    encoding: 'utf8',
  });
  return `${user}:${hash.trim()}`;
}
