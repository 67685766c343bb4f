import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
