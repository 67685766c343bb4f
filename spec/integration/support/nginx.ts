import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSigned } from './certs.ts';
import { closedPort } from './server.ts';
import { onFreePort, type ServerProcess, startServerProcess } from './server-process.ts';

/** Debian's binary is in /usr/sbin, which a non-root PATH may lack. */
const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

/** The size of `/big.bin`, a static file large enough to be cancelled half-way. */
export const BIG_FILE_SIZE = 8 * 1024 * 1024;

/** One access log line, as the spec's log format writes it. */
export interface NginxLogLine {
  /** `$server_protocol`: `HTTP/2.0` or `HTTP/1.1`. */
  protocol: string;
  /** `$connection`: the connection's serial number, shared by the streams of one h2 connection. */
  connection: number;
  method: string;
  uri: string;
  status: number;
  /** `$body_bytes_sent` */
  bytesSent: number;
  /** `$request_length`: request line, headers and body, in bytes. */
  requestLength: number;
}

/** A real nginx (1.22) on 127.0.0.1 in a temp dir: TLS with h2 on one port, TLS without h2 on another. */
export interface Nginx {
  /** `https://127.0.0.1:<port>`: `listen … ssl http2;` */
  readonly origin: string;
  /** `https://127.0.0.1:<port>`: `listen … ssl;` (HTTP/1.1 only) */
  readonly http1Origin: string;
  /** The CA bundle to trust: the server's own self-signed certificate. */
  readonly caFile: string;
  /** The access log so far. */
  accessLog(): NginxLogLine[];
  /** Waits (bounded) until the access log has at least `count` lines, then returns it. */
  settleLog(count: number): Promise<NginxLogLine[]>;
  stop(): Promise<void>;
}

const LOG_FORMAT =
  '$server_protocol $connection $request_method $request_uri $status $body_bytes_sent $request_length';

function config(dir: string, port: number, http1Port: number): string {
  const asRoot = process.getuid?.() === 0;
  return `
daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
${asRoot ? 'user www-data;' : ''}
events {
  worker_connections 64;
}
http {
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  log_format spec '${LOG_FORMAT}';
  access_log ${join(dir, 'access.log')} spec;
  default_type application/octet-stream;
  client_max_body_size 16m;
  ssl_certificate ${join(dir, 'server.pem')};
  ssl_certificate_key ${join(dir, 'server-key.pem')};
  server {
    listen 127.0.0.1:${port} ssl http2;
    listen 127.0.0.1:${http1Port} ssl;
    server_name localhost;
    root ${join(dir, 'htdocs')};
    location = /protocol {
      default_type text/plain;
      return 200 "$server_protocol $connection\\n";
    }
    # The body is read whole (proxy_request_buffering) before the HTTP/1.1 port's /sink answers:
    # a bare \`return\` would answer at once and reset the rest of an h2 upload.
    location = /upload {
      proxy_pass https://127.0.0.1:${http1Port}/sink;
    }
    location = /sink {
      default_type text/plain;
      return 200 "received\\n";
    }
  }
}
`;
}

function parse(line: string): NginxLogLine {
  const [protocol, connection, method, uri, status, bytesSent, requestLength] = line.split(' ');
  return {
    protocol: protocol!,
    connection: Number(connection),
    method: method!,
    uri: uri!,
    status: Number(status),
    bytesSent: Number(bytesSent),
    requestLength: Number(requestLength),
  };
}

/**
 * Starts nginx in the foreground (`daemon off;`, see server-process.ts) on free ports, with a
 * throw-away self-signed certificate, serving `/big.bin`, `/protocol` (nginx's
 * `$server_protocol $connection`) and `/upload` (the body read whole, then `received`). Fails loudly, with nginx's own output and error log, when it cannot start (`npm test`
 * installs nginx first).
 */
export async function startNginx(): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'httprx-nginx-'));
  chmodSync(dir, 0o755);
  const conf = join(dir, 'nginx.conf');
  const errorLog = join(dir, 'error.log');
  let server: ServerProcess;
  let http1Port = 0;
  try {
    selfSigned(dir, 'server', 'localhost');
    chmodSync(join(dir, 'server-key.pem'), 0o644);
    mkdirSync(join(dir, 'htdocs'), { mode: 0o755 });
    writeFileSync(join(dir, 'htdocs', 'big.bin'), Buffer.alloc(BIG_FILE_SIZE, 0x61), { mode: 0o644 });
    writeFileSync(join(dir, 'htdocs', 'index.html'), 'hello from nginx\n', { mode: 0o644 });
    server = await onFreePort(async (port) => {
      http1Port = await closedPort();
      writeFileSync(conf, config(dir, port, http1Port));
      rmSync(errorLog, { force: true }); // a failure shows this attempt's log only
      return startServerProcess({
        name: 'nginx',
        command: NGINX,
        // -e: the log for errors before the config is read (else /var/log/nginx/error.log).
        args: ['-p', dir, '-c', conf, '-e', errorLog],
        port,
        logs: [errorLog],
      });
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const readLog = (): NginxLogLine[] => {
    try {
      return readFileSync(join(dir, 'access.log'), 'utf8').split('\n').filter(Boolean).map(parse);
    } catch {
      return [];
    }
  };
  return {
    origin: `https://127.0.0.1:${server.port}`,
    http1Origin: `https://127.0.0.1:${http1Port}`,
    caFile: join(dir, 'server.pem'),
    accessLog: readLog,
    async settleLog(count) {
      for (let waited = 0; readLog().length < count && waited < 3000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return readLog();
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
