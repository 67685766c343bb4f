/**
 * A real Apache httpd 2.4 as a forward proxy on 127.0.0.1 (mod_proxy, mod_proxy_http,
 * mod_proxy_connect with `AllowCONNECT` for every port), optionally Basic proxy auth: inside
 * `<Proxy "*">` mod_auth_basic challenges with 407 and Proxy-Authenticate; optionally an
 * HTTPS proxy (mod_ssl: clients speak TLS to the proxy itself).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APACHE2, apacheBase, MODULES } from './apache.ts';
import {
  basicUser,
  htpasswdLine,
  httpLine,
  type ProxyOptions,
  type ProxyServer,
  readLines,
  startProxy,
  tempDir,
} from './proxy-server.ts';

/**
 * One access-log line per request, tab-separated: the request line (`GET http://… HTTP/1.1`,
 * `CONNECT host:port HTTP/1.1`), the final status, the user (`-` for none) and the
 * Proxy-Authorization presented (`-` for none).
 */
const LOG_FORMAT = 'LogFormat "%r\\t%>s\\t%u\\t%{Proxy-Authorization}i" proxy';

/** The proxy's own certificate and key files: it is then an `https://` proxy. */
export interface ProxyTls {
  cert: string;
  key: string;
}

function config(dir: string, port: number, auth: boolean, tls: ProxyTls | undefined): string {
  const access = auth
    ? `  AuthType Basic
  AuthName "httprx-apache"
  AuthBasicProvider file
  AuthUserFile "${join(dir, 'htpasswd')}"
  Require valid-user`
    : '  Require ip 127.0.0.1';
  return `
${apacheBase(dir, port)}
LoadModule authz_host_module ${MODULES}/mod_authz_host.so
LoadModule auth_basic_module ${MODULES}/mod_auth_basic.so
LoadModule proxy_module ${MODULES}/mod_proxy.so
LoadModule proxy_http_module ${MODULES}/mod_proxy_http.so
LoadModule proxy_connect_module ${MODULES}/mod_proxy_connect.so
${tls ? `LoadModule ssl_module ${MODULES}/mod_ssl.so\nSSLEngine on\nSSLCertificateFile "${tls.cert}"\nSSLCertificateKeyFile "${tls.key}"` : ''}
StartServers 1
${LOG_FORMAT}
CustomLog "${join(dir, 'access.log')}" proxy
DocumentRoot "${dir}"
ProxyRequests On
ProxyVia On
AllowCONNECT 1-65535
<Proxy "*">
${access}
</Proxy>
`;
}

/** Apache logs `%r` with `"` and `\` escaped; the fields are split on tabs. */
function parse(raw: string[]): string[] {
  return raw.flatMap((line) => {
    const [request = '', status = '-', , presented] = line.split('\t');
    const [method, target] = request.split(' ');
    // A connection closed before a request (the start's readiness probe) is logged with `-` or
    // an empty request line, and status 408 or 400.
    if (!method || !target || method === '-') return [];
    return [httpLine(method, target, status, basicUser(presented === '-' ? undefined : presented))];
  });
}

/**
 * Starts Apache as a forward proxy (`apache2 -f DIR/httpd.conf -D FOREGROUND`, see
 * server-process.ts) on a free port. `auth=` in `log()` is the user of the Proxy-Authorization
 * presented (Apache logs the header as received).
 */
export async function startApacheProxy(
  options: ProxyOptions & { tls?: ProxyTls } = {},
): Promise<ProxyServer> {
  const { auth, tls } = options;
  const dir = tempDir('apache-proxy');
  const accessLog = join(dir, 'access.log');
  const errorLog = join(dir, 'error.log');
  return startProxy({
    name: tls ? 'apache2 (https proxy)' : 'apache2 (proxy)',
    scheme: tls ? 'https' : 'http',
    dir,
    auth,
    prepare(port) {
      writeFileSync(join(dir, 'httpd.conf'), config(dir, port, auth !== undefined, tls));
      if (auth) writeFileSync(join(dir, 'htpasswd'), `${htpasswdLine(auth)}\n`, { mode: 0o644 });
      return {
        command: APACHE2,
        args: ['-f', join(dir, 'httpd.conf'), '-D', 'FOREGROUND'],
        logs: [errorLog],
      };
    },
    rawLog: () => readLines(accessLog),
    parse,
  });
}
