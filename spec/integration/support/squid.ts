/**
 * A real squid 5 forward proxy on 127.0.0.1: absolute-form http requests and CONNECT to any
 * port, no caching, optionally Basic proxy auth through squid's own basic_ncsa_auth helper.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  basicUser,
  chownTree,
  htpasswdLine,
  httpLine,
  type ProxyOptions,
  type ProxyServer,
  readLines,
  startProxy,
  systemUser,
  tempDir,
} from './proxy-server.ts';

const HELPER = '/usr/lib/squid/basic_ncsa_auth';

/**
 * One access-log line per request, tab-separated (squid logs `-` for an empty field):
 * method, URL (`host:port` for CONNECT), status sent, squid's result code (TCP_MISS,
 * TCP_TUNNEL, TCP_DENIED), the authenticated user, the Proxy-Authorization presented.
 */
const LOG_FORMAT = 'logformat httprx %rm\t%ru\t%>Hs\t%Ss\t%un\t%{Proxy-Authorization}>h';

function config(dir: string, port: number, auth: boolean): string {
  return `
http_port 127.0.0.1:${port}
pid_filename ${join(dir, 'squid.pid')}
cache_log ${join(dir, 'cache.log')}
${LOG_FORMAT}
access_log stdio:${join(dir, 'access.log')} httprx
buffered_logs off
logfile_rotate 0
cache_store_log none
coredump_dir ${dir}
netdb_filename none
cache deny all
cache_mem 4 MB
max_filedescriptors 1024
icp_port 0
htcp_port 0
udp_incoming_address 127.0.0.1
udp_outgoing_address 127.0.0.1
pinger_enable off
shutdown_lifetime 0 seconds
via on
forwarded_for on
acl from_here src 127.0.0.1/32 ::1
${
  auth
    ? `auth_param basic program ${HELPER} ${join(dir, 'htpasswd')}
auth_param basic children 2 startup=1 idle=1
auth_param basic realm httprx-squid
auth_param basic credentialsttl 1 minute
acl authenticated proxy_auth REQUIRED
http_access deny !from_here
http_access allow authenticated
http_access deny all`
    : `http_access allow from_here
http_access deny all`
}
`;
}

/** `%{Header}>h` is logged URL-escaped ("Basic%20…"), an absent one as `-`. */
function headerField(field: string | undefined): string | undefined {
  if (field === undefined || field === '-') return undefined;
  try {
    return decodeURIComponent(field);
  } catch {
    return field;
  }
}

/**
 * Starts squid (`squid -N -f DIR/squid.conf`: foreground, no daemon) on a free port. Its temp
 * dir belongs to the `proxy` user, which squid drops to; `shutdown_lifetime 0` (squid still
 * takes about 1.5 s to stop: its shutdown steps are a second apart); `log()` lines as in proxy-server.ts,
 * with `auth=` the user of the Proxy-Authorization presented, and squid's own fields (its
 * result code, the user it authenticated) in `rawLog()`.
 */
export async function startSquid(options: ProxyOptions = {}): Promise<ProxyServer> {
  const { auth } = options;
  const dir = tempDir('squid');
  const accessLog = join(dir, 'access.log');
  const cacheLog = join(dir, 'cache.log');
  const proxyUser = systemUser('proxy');
  return startProxy({
    name: 'squid',
    scheme: 'http',
    dir,
    auth,
    prepare(port) {
      writeFileSync(join(dir, 'squid.conf'), config(dir, port, auth !== undefined));
      if (auth) writeFileSync(join(dir, 'htpasswd'), `${htpasswdLine(auth)}\n`, { mode: 0o640 });
      chownTree(dir, proxyUser.uid, proxyUser.gid);
      return { command: '/usr/sbin/squid', args: ['-N', '-f', join(dir, 'squid.conf')], logs: [cacheLog] };
    },
    rawLog: () => readLines(accessLog),
    // A connection closed before a request (the start's readiness probe) is logged with method `-`.
    parse: (raw) =>
      raw.flatMap((line) => {
        const [method = '-', url = '?', status = '-', , , presented] = line.split('\t');
        return method === '-' ? [] : [httpLine(method, url, status, basicUser(headerField(presented)))];
      }),
  });
}
