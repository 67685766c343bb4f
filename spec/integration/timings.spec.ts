import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forkJoin, last, lastValueFrom, tap, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../src/events.ts';
import { Client, type Response, type Timings } from '../../src/index.ts';
import { selfSigned } from './support/certs.ts';
import { startServer, type TestServer } from './support/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'httprx-timings-'));
const certs = selfSigned(dir, 'server', 'localhost');
let plain: TestServer;
let secure: HttpsServer;
let secureOrigin: string;
const clients: Client[] = [];

function client(options: ConstructorParameters<typeof Client>[0] = {}): Client {
  const made = new Client({ verify: certs.cert, ...options });
  clients.push(made);
  return made;
}

beforeAll(async () => {
  plain = await startServer(async (req, res) => {
    for await (const _ of req);
    res.end('hello');
  });
  secure = createHttpsServer({ cert: readFileSync(certs.cert), key: readFileSync(certs.key) }, (_req, res) =>
    res.end('secure'),
  );
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
  secureOrigin = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(clients.map((made) => made.close()));
  await plain.close();
  secure.closeAllConnections();
  await new Promise((resolve) => secure.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const PHASES = ['wait', 'dns', 'tcp', 'tls', 'request', 'firstByte', 'download', 'total'] as const;

/** The phases that were measured, in got's order. */
function measured(timings: Timings | undefined): string[] {
  expect(timings).toBeDefined();
  expect(Object.isFrozen(timings)).toBe(true);
  return PHASES.filter((phase) => timings![phase] !== undefined);
}

/** The phases follow each other: together they are the total, and none is negative. */
function expectContiguous(timings: Timings): void {
  const parts = PHASES.slice(0, -1).map((phase) => timings[phase] ?? 0);
  for (const part of parts) expect(part).toBeGreaterThanOrEqual(0);
  expect(parts.reduce((sum, part) => sum + part, 0)).toBe(timings.total);
}

function timingEvents(events: HttpEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'timing' ? [event.phase] : []));
}

describe('response.timings over real connections', () => {
  it('measures the lookup of a host name, TCP, and no TLS over http', async () => {
    const response = await lastValueFrom(client().get(`http://localhost:${plain.port}/`));
    expect(response.text).toBe('hello');
    expect(measured(response.timings)).toEqual([
      'wait',
      'dns',
      'tcp',
      'request',
      'firstByte',
      'download',
      'total',
    ]);
    expectContiguous(response.timings!);
  });

  it('has no lookup for an IP address, and measures the TLS handshake over https', async () => {
    const response = await lastValueFrom(client().get(`${secureOrigin}/`));
    expect(response.text).toBe('secure');
    expect(measured(response.timings)).toEqual([
      'wait',
      'tcp',
      'tls',
      'request',
      'firstByte',
      'download',
      'total',
    ]);
    expectContiguous(response.timings!);
  });

  it('gives a request on a reused keep-alive connection no dns, tcp or tls, and no timing events', async () => {
    const made = client();
    const before = plain.connections;
    const first = await lastValueFrom(made.events('GET', `http://localhost:${plain.port}/`).pipe(toArray()));
    const second = await lastValueFrom(made.events('GET', `http://localhost:${plain.port}/`).pipe(toArray()));
    expect(plain.connections - before).toBe(1);
    expect(timingEvents(first)).toEqual(['dns', 'tcp']);
    expect(timingEvents(second)).toEqual([]);
    const last = second.at(-1) as { response: Response };
    expect(measured(last.response.timings)).toEqual(['wait', 'request', 'firstByte', 'download', 'total']);
    expectContiguous(last.response.timings!);
  });

  it('tells the connection phases in events() before the head, in order, with the durations of the timings', async () => {
    const events = await lastValueFrom(client().events('GET', `${secureOrigin}/`).pipe(toArray()));
    const types = events.map((event) => (event.type === 'timing' ? `timing:${event.phase}` : event.type));
    expect(types).toEqual(['sent', 'timing:tcp', 'timing:tls', 'headers', 'download', 'chunk', 'response']);
    const { timings } = (events.at(-1) as { response: Response }).response;
    const durations = Object.fromEntries(
      events.flatMap((event) => (event.type === 'timing' ? [[event.phase, event.duration]] : [])),
    );
    expect(durations).toEqual({ tcp: timings!.tcp, tls: timings!.tls });
  });

  it('gives stream() the timings up to the head at the headers event, and all of them at the end', async () => {
    let atHead: Timings | undefined;
    const events = await lastValueFrom(
      client()
        .stream('GET', `http://localhost:${plain.port}/`)
        .pipe(
          tap((event) => {
            if (event.type === 'headers') atHead = event.response.timings;
          }),
          toArray(),
        ),
    );
    expect(measured(atHead)).toEqual(['wait', 'dns', 'tcp', 'request', 'firstByte']);
    const end = events.at(-1) as { response: Response };
    expect(end.response.isStreamed).toBe(true);
    expect(measured(end.response.timings)).toEqual([
      'wait',
      'dns',
      'tcp',
      'request',
      'firstByte',
      'download',
      'total',
    ]);
    expect(end.response.timings).toEqual({
      ...atHead,
      download: end.response.timings!.download,
      total: end.response.timings!.total,
    });
  });

  it('measures a streamed upload, whose connection undici opens a microtask after dispatch', async () => {
    const body = new Uint8Array(256 * 1024).fill(97);
    const response = await lastValueFrom(client().post(`http://localhost:${plain.port}/`, { content: body }));
    expect(response.text).toBe('hello');
    expect(measured(response.timings)).toEqual([
      'wait',
      'dns',
      'tcp',
      'request',
      'firstByte',
      'download',
      'total',
    ]);
    expectContiguous(response.timings!);
  });

  it('gives each redirect hop its own timings: the next hop on the same connection opens none', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/from') res.writeHead(302, { location: '/to' }).end();
      else res.end('there');
    });
    try {
      const response = await lastValueFrom(
        client({ followRedirects: true }).get(`http://localhost:${server.port}/from`),
      );
      expect(response.text).toBe('there');
      expect(server.connections).toBe(1);
      expect(measured(response.history[0]!.timings)).toContain('tcp');
      expect(measured(response.timings)).not.toContain('tcp');
    } finally {
      await server.close();
    }
  });
});

/**
 * A TCP relay to the https server that holds back the second connection it accepts (no byte
 * forwarded either way, so its TLS handshake cannot finish) until `release()`.
 */
async function holdingRelay(
  target: number,
): Promise<{ port: number; readonly accepted: number; release(): void; close(): Promise<void> }> {
  let accepted = 0;
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((inbound) => {
    const hold = accepted++ === 1;
    const outbound = net.connect(target, '127.0.0.1');
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    const pipe = () => {
      inbound.pipe(outbound);
      outbound.pipe(inbound);
    };
    if (hold) held.then(pipe);
    else pipe();
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: (relay.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    release: () => release(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        relay.close(() => resolve());
      }),
  };
}

describe('two concurrent requests on two new connections', () => {
  it('each get the steps of their own connection: one is done before the other handshake ends', async () => {
    const relay = await holdingRelay((secure.address() as AddressInfo).port);
    try {
      const made = client();
      const url = `https://127.0.0.1:${relay.port}/`;
      const seen: string[] = [];
      const watched = (name: string) =>
        made.events('GET', url).pipe(
          tap((event) => {
            if (event.type === 'timing') seen.push(`${name}:${event.phase}`);
            if (event.type !== 'response') return;
            seen.push(`${name}:response`);
            // The first to finish lets the held connection's handshake go on.
            relay.release();
          }),
          last(),
        );
      const [a, b] = await lastValueFrom(forkJoin([watched('a'), watched('b')]));
      expect(relay.accepted).toBe(2);
      for (const done of [a, b]) {
        const { timings } = (done as { response: Response }).response;
        expect(measured(timings)).toEqual([
          'wait',
          'tcp',
          'tls',
          'request',
          'firstByte',
          'download',
          'total',
        ]);
        expectContiguous(timings!);
      }
      const first = seen.find((entry) => entry.endsWith(':response'))!.slice(0, 1);
      const other = first === 'a' ? 'b' : 'a';
      const at = (entry: string) => seen.indexOf(entry);
      for (const name of [first, other])
        expect(seen.filter((entry) => entry.startsWith(`${name}:`))).toEqual([
          `${name}:tcp`,
          `${name}:tls`,
          `${name}:response`,
        ]);
      // The held connection's handshake ended after the other request was done: had either
      // request been told the other's steps, this order could not be.
      expect(at(`${first}:tls`)).toBeLessThan(at(`${first}:response`));
      expect(at(`${other}:tls`)).toBeGreaterThan(at(`${first}:response`));
    } finally {
      await relay.close();
    }
  });
});
