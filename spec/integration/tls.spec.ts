import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls, { type TLSSocket } from 'node:tls';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, ConnectError, ConnectionPool, Limits } from '../../src/index.ts';
import { selfSigned } from './support/certs.ts';

// Throw-away certificates, made for this run and deleted after it.
const dir = mkdtempSync(join(tmpdir(), 'httprx-tls-'));
const serverFiles = selfSigned(dir, 'server', 'localhost');
const clientFiles = selfSigned(dir, 'client', 'httprx-test-client');
let server: Server;
let url: string;
const clients: Client[] = [];

function client(...args: ConstructorParameters<typeof Client>): Client {
  const made = new Client(...args);
  clients.push(made);
  return made;
}

beforeAll(async () => {
  server = createServer(
    {
      cert: readFileSync(serverFiles.cert),
      key: readFileSync(serverFiles.key),
      // A client certificate is asked for but optional, so both kinds of test share the server.
      requestCert: true,
      rejectUnauthorized: false,
      ca: readFileSync(clientFiles.cert),
    },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = socket.getPeerCertificate();
      res.end(JSON.stringify({ authorized: socket.authorized, peer: peer?.subject?.CN ?? null }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('TLS verification', () => {
  it('rejects a self-signed server by default with a ConnectError', async () => {
    const error = await lastValueFrom(client().get(url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).request.url.href).toBe(url);
    expect(String((error as ConnectError).cause)).toMatch(/self[- ]signed/i);
  });

  it('accepts it with verify: false', async () => {
    const response = await lastValueFrom(client({ verify: false }).get(url));
    expect(response.status).toBe(200);
  });

  it('accepts it with verify set to the path of a CA bundle that holds it', async () => {
    const response = await lastValueFrom(client({ verify: serverFiles.cert }).get(url));
    expect(response.json()).toEqual({ authorized: false, peer: null });
  });

  it('accepts it with verify given the CA as PEM text', async () => {
    const response = await lastValueFrom(
      client({ verify: { ca: readFileSync(serverFiles.cert, 'utf8') } }).get(url),
    );
    expect(response.status).toBe(200);
  });

  it('reads SSL_CERT_FILE when trustEnv is on, and not when it is off', async () => {
    const saved = process.env.SSL_CERT_FILE;
    process.env.SSL_CERT_FILE = serverFiles.cert;
    try {
      const trusting = client();
      const distrusting = client({ trustEnv: false });
      expect((await lastValueFrom(trusting.get(url))).status).toBe(200);
      await expect(lastValueFrom(distrusting.get(url))).rejects.toBeInstanceOf(ConnectError);
    } finally {
      if (saved === undefined) delete process.env.SSL_CERT_FILE;
      else process.env.SSL_CERT_FILE = saved;
    }
  });

  it('builds one secure context per pool for SSL_CERT_FILE, not one per connection', async () => {
    const saved = process.env.SSL_CERT_FILE;
    process.env.SSL_CERT_FILE = serverFiles.cert;
    // Node's tls.connect calls tls.createSecureContext for every socket not given a context.
    const contexts = vi.spyOn(tls, 'createSecureContext');
    try {
      // keepaliveExpiry 0: every request opens (and handshakes) a connection of its own.
      const pool = new ConnectionPool({ limits: new Limits({ keepaliveExpiry: 0 }) });
      const fresh = client({ transport: pool });
      for (let i = 0; i < 4; i++) expect((await lastValueFrom(fresh.get(url))).status).toBe(200);
      expect(pool.connectionsOpened).toBe(4);
      expect(contexts).toHaveBeenCalledTimes(1);
      expect(contexts.mock.calls[0]![0]?.ca).toBeDefined();
    } finally {
      contexts.mockRestore();
      if (saved === undefined) delete process.env.SSL_CERT_FILE;
      else process.env.SSL_CERT_FILE = saved;
    }
  });

  it("trusts the operating system's store with verify: 'system', and only then", async () => {
    // OpenSSL's default file and folder are the system store on Linux; a child process whose
    // SSL_CERT_FILE names the test CA (and SSL_CERT_DIR an empty folder) has only that in it.
    // trustEnv is off, so httprx itself does not read those variables.
    const empty = mkdtempSync(join(dir, 'empty-'));
    const script = (verify: string) => `
      import { lastValueFrom } from 'rxjs';
      import { Client } from ${JSON.stringify(join(process.cwd(), 'src/index.ts'))};
      const client = new Client({ verify: ${verify}, trustEnv: false });
      try { console.log((await lastValueFrom(client.get(${JSON.stringify(url)}))).status); }
      catch (error) { console.log(error.name + ': ' + error.message.split(':')[0]); }
      finally { await client.close(); }`;
    const run = (verify: string) =>
      new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          ['--input-type=module', '-e', script(verify)],
          { env: { ...process.env, SSL_CERT_FILE: serverFiles.cert, SSL_CERT_DIR: empty }, timeout: 20_000 },
          (error, stdout) => (error ? reject(error) : resolve(stdout.trim())),
        );
      });
    expect(await run("'system'")).toBe('200');
    expect(await run('true')).toBe('ConnectError: TLS certificate verification failed (GET https');
  });

  it('reports an unreadable CA bundle path clearly when the client is made', () => {
    expect(() => new Client({ verify: join(dir, 'missing.pem') })).toThrow(/CA bundle at/);
  });
});

describe('client certificates', () => {
  it('presents the certificate given as [certFile, keyFile]', async () => {
    const c = client({ verify: serverFiles.cert, cert: [clientFiles.cert, clientFiles.key] });
    expect((await lastValueFrom(c.get(url))).json()).toEqual({
      authorized: true,
      peer: 'httprx-test-client',
    });
  });

  it('presents the certificate given as PEM contents', async () => {
    const c = client({
      verify: false,
      cert: { cert: readFileSync(clientFiles.cert, 'utf8'), key: readFileSync(clientFiles.key) },
    });
    expect((await lastValueFrom(c.get(url))).json()).toEqual({
      authorized: true,
      peer: 'httprx-test-client',
    });
  });
});
