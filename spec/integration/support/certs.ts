import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Makes a throw-away self-signed certificate for localhost and 127.0.0.1 with openssl, as
 * `<dir>/<name>.pem` and `<dir>/<name>-key.pem`, and returns the two paths.
 */
export function selfSigned(dir: string, name: string, cn: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}-key.pem`);
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2'],
      ...['-keyout', key, '-out', cert, '-subj', `/CN=${cn}`],
      ...['-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/** The same, as PEM contents; the files are deleted at once. */
export function selfSignedPem(cn: string): { cert: Buffer; key: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'httprx-cert-'));
  try {
    const files = selfSigned(dir, 'server', cn);
    return { cert: readFileSync(files.cert), key: readFileSync(files.key) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A throw-away certificate authority that signs leaf certificates; `cert` is its PEM path. */
export interface TestCa {
  readonly cert: string;
  /**
   * A P-256 leaf signed by this CA for `cn` (subjectAltName `san`, by default localhost and
   * 127.0.0.1), valid from `start` to `end` (`YYYYMMDDHHMMSSZ`, by default from now for two days).
   * `openssl ca` takes both dates, so a certificate can lie wholly in the past (OpenSSL 3.0's
   * `x509 -req` has no `-not_before`, and a negative `-days` makes an end before the start).
   */
  sign(name: string, options?: { cn?: string; san?: string; start?: string; end?: string }): Files;
}

type Files = { cert: string; key: string };

const CA_CONFIG = `[ca]
default_ca = test
[test]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
unique_subject = no
[any]
commonName = supplied
`;

/** Makes a CA in `dir` (its files beside the leaves it signs). */
export function testCa(dir: string): TestCa {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const cert = join(dir, 'ca.pem');
  run([
    'req',
    '-x509',
    ...ec,
    '-days',
    '2',
    '-keyout',
    'ca-key.pem',
    '-out',
    cert,
    '-subj',
    '/CN=httprx test CA',
  ]);
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '01\n');
  return {
    cert,
    sign(name, options = {}) {
      const files = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}-key.pem`) };
      const csr = join(dir, `${name}.csr`);
      run(['req', ...ec, '-keyout', files.key, '-out', csr, '-subj', `/CN=${options.cn ?? 'localhost'}`]);
      const ext = join(dir, `${name}.ext`);
      writeFileSync(ext, `[leaf]\nsubjectAltName=${options.san ?? 'DNS:localhost,IP:127.0.0.1'}\n`);
      const dates = [
        ...(options.start === undefined ? [] : ['-startdate', options.start]),
        ...(options.end === undefined ? ['-days', '2'] : ['-enddate', options.end]),
      ];
      run([
        ...['ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', cert, '-keyfile', 'ca-key.pem'],
        ...['-in', csr, '-out', files.cert, '-extfile', ext, '-extensions', 'leaf', ...dates],
      ]);
      return files;
    },
  };
}
