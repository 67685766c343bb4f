/**
 * A real microsocks 1.0 SOCKS5 server on 127.0.0.1: CONNECT by IPv4 address or by name, without
 * authentication or with RFC 1929 username/password (`-u USER -P PASSWORD`).
 */
import { type ProxyOptions, type ProxyServer, socksLine, startProxy, tempDir } from './proxy-server.ts';

/**
 * microsocks has no log file: it writes `client[N] 127.0.0.1: connected to HOST:PORT` to stderr
 * for each CONNECT it made, HOST as the client sent it (an address or a name), and nothing on a
 * refusal, nor which user logged in.
 */
const CONNECTED = /^client\[\d+\] \S+: connected to (\S+)$/;

/**
 * Starts microsocks (`microsocks -i 127.0.0.1 -p PORT [-u USER -P PASSWORD]`; it stays in the
 * foreground; without `-i` it would listen on every interface). `log()` has a
 * `socks CONNECT host:port auth=…` line per CONNECT it made, `auth=?` with credentials set (it
 * does not log the user), `-` without.
 */
export async function startMicrosocks(options: ProxyOptions = {}): Promise<ProxyServer> {
  const { auth } = options;
  // Nothing to write: the dir only keeps startProxy's shape (and is removed at once on stop).
  const dir = tempDir('microsocks');
  return startProxy({
    name: 'microsocks',
    scheme: 'socks5',
    dir,
    auth,
    prepare(port) {
      const credentials = auth ? ['-u', auth.user, '-P', auth.password] : [];
      return {
        command: '/usr/bin/microsocks',
        args: ['-i', '127.0.0.1', '-p', String(port), ...credentials],
      };
    },
    rawLog: (process) => process.stderr().split('\n').filter(Boolean),
    parse: (raw) =>
      raw.flatMap((line) => {
        const target = CONNECTED.exec(line)?.[1];
        return target ? [socksLine(target, auth ? '?' : '-')] : [];
      }),
  });
}
