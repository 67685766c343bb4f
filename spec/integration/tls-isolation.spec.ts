/**
 * Issue 13 item 5: a request made with `verify: false` or a client certificate never shares a
 * connection with one made without. TLS settings belong to a pool (a client's own, a mount's,
 * a one-off call's), so the shapes are two clients, a client with a mount to a pool of other
 * settings, and one-off calls. The server counts its TLS connections and records, per
 * connection, the client certificate presented and the `x-who` of each request on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, merge, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, ConnectError, ConnectionPool, get } from '../../src/index.ts';
import { selfSigned, type TestCa, testCa } from './support/certs.ts';
import { type SeenConnection, startTlsRecorder, type TlsRecorder } from './support/tls-recorder.ts';

const dir = mkdtempSync(join(tmpdir(), 'httprx-tls-isolation-'));
let ca: TestCa;
let clientCert: { cert: string; key: string };
let good: TlsRecorder;
let spoof: TlsRecorder;
let clients: Client[] = [];

beforeAll(() => {
  ca = testCa(dir);
  clientCert = ca.sign('client', { cn: 'httprx-client' });
});

// Fresh servers per test: each one's connection list is that test's alone.
async function servers(): Promise<void> {
  good = await startTlsRecorder({ ...ca.sign(`good-${clients.length}`), clientCa: ca.cert });
  spoof = await startTlsRecorder({
    ...selfSigned(dir, `self-${clients.length}`, 'localhost'),
    clientCa: ca.cert,
  });
}

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  await Promise.all([good?.close(), spoof?.close()]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function client(options: ConstructorParameters<typeof Client>[0] = {}): Client {
  const made = new Client({ trustEnv: false, ...options });
  clients.push(made);
  return made;
}

const as = (who: string) => ({ headers: { 'x-who': who } });

/** Every connection carried one party's requests only, with that party's certificate. */
function expectSeparate(connections: readonly SeenConnection[], peers: Record<string, string | null>): void {
  for (const connection of connections) {
    const who = new Set(connection.who);
    expect(who.size, `one party per connection: ${[...who]}`).toBe(1);
    const [party] = who;
    expect(connection.peer, `the certificate on ${party}'s connection`).toBe(peers[party!]);
  }
}

describe('TLS: connections are never shared across TLS settings', () => {
  it('connection confusion: two clients, verify: false and a client certificate, keep to their own connections', async () => {
    await servers();
    const loose = client({ verify: false });
    const holder = client({ verify: ca.cert, cert: [clientCert.cert, clientCert.key] });
    // Interleaved and concurrent, twice over, so that idle keep-alive connections are there to take.
    for (let round = 0; round < 2; round++) {
      const sent = [loose, holder, loose, holder].map((c) =>
        c.get(good.url, as(c === loose ? 'loose' : 'holder')),
      );
      expect((await lastValueFrom(merge(...sent).pipe(toArray()))).map((r) => r.status)).toEqual([
        200, 200, 200, 200,
      ]);
    }
    expectSeparate(good.connections, { loose: null, holder: 'httprx-client' });
    expect(good.connections.some((c) => c.who[0] === 'loose')).toBe(true);
    expect(good.connections.some((c) => c.who[0] === 'holder')).toBe(true);
  });

  it('verification bypass: an idle verify: false connection is not lent to a verifying client', async () => {
    await servers();
    const loose = client({ verify: false });
    expect((await lastValueFrom(loose.get(spoof.url, as('loose')))).status).toBe(200);
    expect(String(loose)).toBe('<Client [0 active, 1 idle]>');
    const bytes = spoof.bytes;
    const error = await lastValueFrom(client().get(spoof.url, as('strict'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(spoof.bytes).toBe(bytes);
    expect(spoof.connections.flatMap((c) => c.who)).toEqual(['loose']);
  });

  it("connection confusion: a mount to a verify: false pool keeps it from the client's own pool and certificate", async () => {
    await servers();
    const mounted = new ConnectionPool({ verify: false });
    const c = client({
      verify: ca.cert,
      cert: [clientCert.cert, clientCert.key],
      mounts: { [`https://127.0.0.1:${spoof.port}`]: mounted },
    });
    for (let round = 0; round < 2; round++) {
      await lastValueFrom(c.get(spoof.url, as('mount')));
      await lastValueFrom(c.get(good.url, as('client')));
    }
    await mounted.close();
    // The mount's pool presented no certificate; the client's pool presented its own.
    expectSeparate(spoof.connections, { mount: null });
    expectSeparate(good.connections, { client: 'httprx-client' });
    expect(spoof.connections.flatMap((c) => c.who)).toEqual(['mount', 'mount']);
    expect(good.connections.flatMap((c) => c.who)).toEqual(['client', 'client']);
    // And the mount's laxity does not reach a client without it.
    const strict = await lastValueFrom(client({ verify: ca.cert }).get(spoof.url)).catch((e: unknown) => e);
    expect(strict).toBeInstanceOf(ConnectError);
  });

  it('connection confusion: one-off calls with verify: false or a certificate leave nothing for the next call', async () => {
    await servers();
    expect(
      (await lastValueFrom(get(spoof.url, { verify: false, headers: { 'x-who': 'loose' } }))).status,
    ).toBe(200);
    const bytes = spoof.bytes;
    const error = await lastValueFrom(get(spoof.url, { trustEnv: false })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(spoof.bytes).toBe(bytes);
    const withCert = { verify: ca.cert, cert: [clientCert.cert, clientCert.key] as const, trustEnv: false };
    await lastValueFrom(get(good.url, { ...withCert, headers: { 'x-who': 'holder' } }));
    await lastValueFrom(get(good.url, { verify: ca.cert, trustEnv: false, headers: { 'x-who': 'plain' } }));
    expectSeparate(good.connections, { holder: 'httprx-client', plain: null });
    expect(good.connections.map((c) => c.who)).toEqual([['holder'], ['plain']]);
  });
});
