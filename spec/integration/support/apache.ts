import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onFreePort, type ServerProcess, startServerProcess } from './server-process.ts';

export const MODULES = '/usr/lib/apache2/modules';
/** Debian's binary is in /usr/sbin, which a non-root PATH may lack. */
export const APACHE2 = existsSync('/usr/sbin/apache2') ? '/usr/sbin/apache2' : 'apache2';

/** A protected folder: `AuthType Digest` with MD5 and qop auth, its own nonce lifetime. */
export interface DigestLocation {
  /** `/private/`: the folder, under which `secret.txt` is served. */
  path: string;
  /** `AuthDigestNonceLifetime`, in seconds. @default 300 */
  nonceLifetime?: number;
}

export interface ApacheOptions {
  realm: string;
  users: Record<string, string>;
  locations: DigestLocation[];
}

/** A real Apache httpd with mod_auth_digest, on 127.0.0.1 in a temp dir. */
export interface Apache {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The access log so far, one `status method path` line per request. */
  accessLog(): string[];
  /** Waits (bounded) until the access log has at least `count` lines, then returns it. */
  settleLog(count: number): Promise<string[]>;
  stop(): Promise<void>;
}

/** The htdigest line: `user:realm:` + MD5 of `user:realm:password` (htdigest itself is interactive). */
function htdigestLine(user: string, realm: string, password: string): string {
  return `${user}:${realm}:${createHash('md5').update(`${user}:${realm}:${password}`).digest('hex')}`;
}

/**
 * What every Apache of the specs starts with: 127.0.0.1:<port>, its files in `dir`, the event
 * MPM, www-data when run as root, and the authn/authz core modules.
 */
export function apacheBase(dir: string, port: number): string {
  const asRoot = process.getuid?.() === 0;
  return `ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile "${join(dir, 'httpd.pid')}"
DefaultRuntimeDir "${dir}"
Mutex file:${dir} default
ErrorLog "${join(dir, 'error.log')}"
LogLevel warn
${asRoot ? 'User www-data\nGroup www-data' : ''}
LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so
LoadModule authn_core_module ${MODULES}/mod_authn_core.so
LoadModule authn_file_module ${MODULES}/mod_authn_file.so
LoadModule authz_core_module ${MODULES}/mod_authz_core.so
LoadModule authz_user_module ${MODULES}/mod_authz_user.so`;
}

function config(dir: string, port: number, options: ApacheOptions): string {
  const locations = options.locations.map(
    ({ path, nonceLifetime = 300 }) => `
<Location "${path}">
  AuthType Digest
  AuthName "${options.realm}"
  AuthDigestProvider file
  AuthUserFile "${join(dir, 'htdigest')}"
  AuthDigestAlgorithm MD5
  AuthDigestQop auth
  AuthDigestDomain "${path}"
  AuthDigestNonceLifetime ${nonceLifetime}
  Require valid-user
</Location>`,
  );
  return `
${apacheBase(dir, port)}
LoadModule auth_digest_module ${MODULES}/mod_auth_digest.so
StartServers 1
LogFormat "%>s %m %U" auth
CustomLog "${join(dir, 'access.log')}" auth
DocumentRoot "${join(dir, 'htdocs')}"
<Directory "${join(dir, 'htdocs')}">
  Require all granted
</Directory>
${locations.join('\n')}
`;
}

/**
 * Starts Apache (`apache2 -f DIR/httpd.conf -D FOREGROUND`, see server-process.ts) on a free
 * port, serving `<location>secret.txt` behind Digest auth. Fails loudly, with apache2's own
 * output and error log, when it cannot start (`npm test` installs apache2 first).
 */
export async function startApache(options: ApacheOptions): Promise<Apache> {
  const dir = mkdtempSync(join(tmpdir(), 'httprx-apache-'));
  chmodSync(dir, 0o755);
  writeFileSync(
    join(dir, 'htdigest'),
    `${Object.entries(options.users)
      .map(([user, password]) => htdigestLine(user, options.realm, password))
      .join('\n')}\n`,
    { mode: 0o644 },
  );
  for (const { path } of options.locations) {
    mkdirSync(join(dir, 'htdocs', path), { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, 'htdocs', path, 'secret.txt'), `the secret of ${path}\n`, { mode: 0o644 });
  }
  const conf = join(dir, 'httpd.conf');
  const errorLog = join(dir, 'error.log');
  let server: ServerProcess;
  try {
    server = await onFreePort((port) => {
      writeFileSync(conf, config(dir, port, options));
      rmSync(errorLog, { force: true }); // a failure shows this attempt's log only
      return startServerProcess({
        name: 'apache2',
        command: APACHE2,
        args: ['-f', conf, '-D', 'FOREGROUND'],
        port,
        logs: [errorLog],
      });
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const readLog = (): string[] => {
    try {
      return readFileSync(join(dir, 'access.log'), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return {
    origin: `http://127.0.0.1:${server.port}`,
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
