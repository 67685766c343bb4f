/**
 * A real Dante 1.4 SOCKS5 server (danted) on 127.0.0.1: CONNECT by IPv4 address or by name,
 * without authentication or with RFC 1929 username/password.
 *
 * Dante checks a SOCKS username and password against the system's password database
 * (`socksmethod: username`: getpwnam and /etc/shadow). So that no user is added to this
 * machine, and two servers never share one, the username variant runs danted in a mount
 * namespace of its own (`unshare --mount`) where a copy of /etc/passwd with one throw-away
 * user added and a shadow file holding only that user are bind-mounted over the real ones. The
 * namespace, and the mounts, end with danted's last process; the host's files are not touched.
 * The user name must not be one of the machine's. This needs root (danted reads the shadow
 * file; unshare and mount need CAP_SYS_ADMIN).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ProxyAuth,
  type ProxyOptions,
  type ProxyServer,
  readLines,
  socksLine,
  startProxy,
  tempDir,
} from './proxy-server.ts';

function config(dir: string, port: number, auth: boolean): string {
  const method = auth ? 'username' : 'none';
  // Rules must span several lines: danted 1.4 rejects \`socks pass { … }\` on one line.
  return `
logoutput: ${join(dir, 'danted.log')}
internal: 127.0.0.1 port = ${port}
external: 127.0.0.1
socksmethod: ${method}
clientmethod: none
user.privileged: root
user.unprivileged: nobody
client pass {
  from: 127.0.0.1/32 to: 0.0.0.0/0
  log: error
}
socks pass {
  from: 127.0.0.1/32 to: 0.0.0.0/0
  command: connect
  socksmethod: ${method}
  log: connect error
}
socks block {
  from: 0.0.0.0/0 to: 0.0.0.0/0
  log: connect error
}
`;
}

/** A SOCKS user for the shadow file: a user name getpwnam accepts and no `:` or newline anywhere. */
function checkAuth({ user, password }: ProxyAuth): void {
  if (!/^[a-z_][a-z0-9_.-]{0,31}$/.test(user)) {
    throw new Error(`startDante: ${JSON.stringify(user)} is not a system user name (a-z, 0-9, _ . -)`);
  }
  if (/[\n\0]/.test(password) || password === '') {
    throw new Error('startDante: the password must be non-empty, without newline or NUL');
  }
}

/**
 * A copy of /etc/passwd with `auth.user` added (as uid nobody), a shadow file with its SHA-512
 * crypt hash (made by openssl) alone, and the `unshare` arguments that mounts them over the real ones and runs danted.
 */
function isolatedUser(dir: string, auth: ProxyAuth, danted: string[]): string[] {
  checkAuth(auth);
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').filter(Boolean);
  if (passwd.some((line) => line.split(':')[0] === auth.user)) {
    throw new Error(`startDante: ${auth.user} is a user of this machine: pick a name it does not have`);
  }
  const nobody = passwd.find((line) => line.startsWith('nobody:'))?.split(':') ?? [];
  const [uid = '65534', gid = '65534'] = [nobody[2], nobody[3]];
  const hash = execFileSync('openssl', ['passwd', '-6', '-stdin'], {
    input: `${auth.password}\n`,
    encoding: 'utf8',
  }).trim();
  const entry = `${auth.user}:x:${uid}:${gid}:httprx SOCKS test user:/nonexistent:/usr/sbin/nologin`;
  writeFileSync(join(dir, 'passwd'), `${[...passwd, entry].join('\n')}\n`, { mode: 0o644 });
  // Only the throw-away user: danted looks up no other password, so none of the host's is copied.
  writeFileSync(join(dir, 'shadow'), `${auth.user}:${hash}:20000:0:99999:7:::\n`, { mode: 0o600 });
  const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
  return [
    '--mount',
    '--propagation',
    'private',
    '/bin/sh',
    '-c',
    `mount --bind ${quote(join(dir, 'passwd'))} /etc/passwd && mount --bind ${quote(join(dir, 'shadow'))} /etc/shadow && exec ${danted.map(quote).join(' ')}`,
  ];
}

/**
 * danted logs a line per rule that passed or blocked, e.g.
 * `info: pass(1): tcp/connect [: username%alice@127.0.0.1.41000 127.0.0.1.1080 -> 127.0.0.1.41001 127.0.0.1.8080`
 * (client, dante's side of it -> dante's outgoing address, the target; hosts end in `.port`;
 * `username%USER@` before the client when one logged in). A CONNECT by name (`localhost`)
 * logs the address it was resolved to, as does every pass line.
 */
const PASS = /: pass\(\d+\): tcp\/connect [[\]]: (.*?)(\S+) \S+ -> \S+ (\S+)\s*$/;

function parse(raw: string[]): string[] {
  return raw.flatMap((line) => {
    const match = PASS.exec(line);
    if (!match) return [];
    const [, , client = '', target = ''] = match;
    const user = /^username%(.*)@[^@]+$/.exec(client)?.[1] ?? '-';
    const dot = target.lastIndexOf('.');
    return [socksLine(`${target.slice(0, dot)}:${target.slice(dot + 1)}`, user)];
  });
}

/**
 * Starts danted (`danted -f DIR/danted.conf`: without -D it stays in the foreground) on a free
 * port; with `auth`, inside its own mount namespace (see the file's comment). `log()` has a
 * `socks CONNECT host:port auth=USER|-` line per CONNECT it let through; refusals are in
 * `rawLog()` (`block(…)` lines).
 */
export async function startDante(options: ProxyOptions = {}): Promise<ProxyServer> {
  const { auth } = options;
  if (auth && process.getuid?.() !== 0) {
    throw new Error(
      'startDante({ auth }) needs root: danted reads /etc/shadow, and it runs in a mount namespace',
    );
  }
  const dir = tempDir('dante');
  const logFile = join(dir, 'danted.log');
  return startProxy({
    name: 'danted',
    scheme: 'socks5',
    dir,
    auth,
    prepare(port) {
      writeFileSync(join(dir, 'danted.conf'), config(dir, port, auth !== undefined));
      const danted = ['/usr/sbin/danted', '-f', join(dir, 'danted.conf')];
      return auth
        ? { command: '/usr/bin/unshare', args: isolatedUser(dir, auth, danted), logs: [logFile] }
        : { command: danted[0]!, args: danted.slice(1), logs: [logFile] };
    },
    rawLog: () => readLines(logFile),
    parse,
  });
}
