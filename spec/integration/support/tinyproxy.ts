/**
 * A real tinyproxy 1.11 on 127.0.0.1: absolute-form http requests and CONNECT to any port (no
 * `ConnectPort` line allows them all), optionally Basic proxy auth (`BasicAuth user password`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chownTree,
  httpLine,
  type ProxyAuth,
  type ProxyOptions,
  type ProxyServer,
  readLines,
  startProxy,
  systemUser,
  tempDir,
} from './proxy-server.ts';

function config(dir: string, port: number, auth: ProxyAuth | undefined): string {
  const asRoot = process.getuid?.() === 0;
  return `
${asRoot ? 'User tinyproxy\nGroup tinyproxy' : ''}
Port ${port}
Listen 127.0.0.1
Timeout 60
LogFile "${join(dir, 'tinyproxy.log')}"
LogLevel Info
PidFile "${join(dir, 'tinyproxy.pid')}"
MaxClients 50
Allow 127.0.0.1
ViaProxyName "tinyproxy"
${auth ? `BasicAuth ${auth.user} ${auth.password}` : ''}
`;
}

/** tinyproxy's config words cannot hold white space or quotes. */
function checkWord(what: string, word: string): void {
  if (word === '' || /[\s"#]/.test(word)) {
    throw new Error(
      `startTinyproxy: the ${what} ${JSON.stringify(word)} cannot be written as a BasicAuth word`,
    );
  }
}

/**
 * tinyproxy logs each request as `Request (file descriptor N): METHOD TARGET HTTP/1.1`, before
 * it checks the credentials, and logs neither the status it answered nor the credentials (its
 * threads share one pid, so the lines that follow cannot be tied to a request). So the status
 * is always `-`, and `auth=` is `?` with BasicAuth set, `-` without.
 */
const REQUEST = /Request \(file descriptor \d+\): (\S+) (\S+) HTTP\/[\d.]+/;

function parse(raw: string[], auth: boolean): string[] {
  return raw.flatMap((line) => {
    const [, method, target] = REQUEST.exec(line) ?? [];
    return method && target ? [httpLine(method, target, '-', auth ? '?' : '-')] : [];
  });
}

/**
 * Starts tinyproxy (`tinyproxy -d -c DIR/tinyproxy.conf`: foreground) on a free port. As root it
 * drops to the `tinyproxy` user, which owns the temp dir. The user and password of `auth` must
 * be single words (tinyproxy's config syntax). Without credentials it answers 407, but with
 * wrong ones 401 with `WWW-Authenticate` (tinyproxy 1.11.1's own behaviour).
 */
export async function startTinyproxy(options: ProxyOptions = {}): Promise<ProxyServer> {
  const { auth } = options;
  if (auth) {
    checkWord('user', auth.user);
    checkWord('password', auth.password);
  }
  const dir = tempDir('tinyproxy');
  const logFile = join(dir, 'tinyproxy.log');
  const owner = process.getuid?.() === 0 ? systemUser('tinyproxy') : undefined;
  return startProxy({
    name: 'tinyproxy',
    scheme: 'http',
    dir,
    auth,
    prepare(port) {
      writeFileSync(join(dir, 'tinyproxy.conf'), config(dir, port, auth));
      if (owner) chownTree(dir, owner.uid, owner.gid);
      return {
        command: '/usr/bin/tinyproxy',
        args: ['-d', '-c', join(dir, 'tinyproxy.conf')],
        logs: [logFile],
      };
    },
    rawLog: () => readLines(logFile),
    parse: (raw) => parse(raw, auth !== undefined),
  });
}
