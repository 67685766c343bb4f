/**
 * Issue 13 item 5: a certificate that does not verify fails the request by default before a
 * single request byte is written. The servers are node:tls servers that count the decrypted
 * bytes they receive; a good certificate from the same CA is the control that shows the count
 * works (and that the failures are the certificate's, not the setup's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ConnectError, get } from '../../src/index.ts';
import { selfSigned, type TestCa, testCa } from './support/certs.ts';
import { startTlsRecorder, type TlsRecorder } from './support/tls-recorder.ts';

const dir = mkdtempSync(join(tmpdir(), 'httprx-tls-refusals-'));
let ca: TestCa;
const servers: Record<'good' | 'selfSigned' | 'wrongName' | 'expired' | 'notYetValid', TlsRecorder> =
  {} as never;
const clients: Client[] = [];

beforeAll(async () => {
  ca = testCa(dir);
  servers.good = await startTlsRecorder(ca.sign('good'));
  servers.selfSigned = await startTlsRecorder(selfSigned(dir, 'self', 'localhost'));
  servers.wrongName = await startTlsRecorder(
    ca.sign('wrong-name', { cn: 'other.example', san: 'DNS:other.example' }),
  );
  servers.expired = await startTlsRecorder(
    ca.sign('expired', { start: '20200101000000Z', end: '20200102000000Z' }),
  );
  servers.notYetValid = await startTlsRecorder(
    ca.sign('not-yet-valid', { start: '20990101000000Z', end: '20990102000000Z' }),
  );
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(Object.values(servers).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

function client(options: ConstructorParameters<typeof Client>[0] = {}): Client {
  const made = new Client({ trustEnv: false, ...options });
  clients.push(made);
  return made;
}

async function refused(server: TlsRecorder, send: () => Promise<unknown>, reason: RegExp): Promise<void> {
  const accepted = server.accepted;
  const error = await send().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectError);
  expect((error as ConnectError).message).toMatch(/TLS certificate verification failed/);
  expect(String((error as ConnectError).cause)).toMatch(reason);
  // The client did reach the server and shook hands far enough to see its certificate …
  expect(server.accepted).toBe(accepted + 1);
  // … and wrote nothing: no request line, no header, no body.
  expect(server.bytes).toBe(0);
}

describe('TLS: certificates that do not verify, by default', () => {
  it('the control: a certificate from the trusted CA, for the right name, in date, carries the request', async () => {
    const response = await lastValueFrom(client({ verify: ca.cert }).get(servers.good.url));
    expect(response.text).toBe('0');
    expect(servers.good.bytes).toBeGreaterThan(0);
  });

  it('certificate spoofing: a self-signed certificate fails with ConnectError and no request byte is sent', async () => {
    await refused(
      servers.selfSigned,
      () => lastValueFrom(client().get(servers.selfSigned.url)),
      /self[- ]signed/i,
    );
  });

  it('certificate spoofing: a self-signed certificate fails the one-off functions too, no byte sent', async () => {
    await refused(servers.selfSigned, () => lastValueFrom(get(servers.selfSigned.url)), /self[- ]signed/i);
  });

  it('name mismatch: a trusted certificate for another host fails with no request byte sent', async () => {
    const send = () => lastValueFrom(client({ verify: ca.cert }).get(servers.wrongName.url));
    await refused(servers.wrongName, send, /altnames|does not match|other\.example/i);
  });

  it('stale certificate: an expired trusted certificate fails with no request byte sent', async () => {
    const send = () => lastValueFrom(client({ verify: ca.cert }).get(servers.expired.url));
    await refused(servers.expired, send, /expired/i);
  });

  it('stale certificate: a trusted certificate not valid yet fails with no request byte sent', async () => {
    const send = () => lastValueFrom(get(servers.notYetValid.url, { verify: ca.cert, trustEnv: false }));
    await refused(servers.notYetValid, send, /not yet valid/i);
  });

  it('no request body either: a POST to a spoofing server writes none of its body', async () => {
    const send = () =>
      lastValueFrom(
        client({ verify: ca.cert }).post(servers.expired.url, { json: { secret: 'x'.repeat(4096) } }),
      );
    await refused(servers.expired, send, /expired/i);
  });
});
