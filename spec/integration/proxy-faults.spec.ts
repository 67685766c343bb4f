/**
 * HTTP proxies that misbehave, or behave in ways the real proxies in proxies.spec.ts cannot be
 * made to: raw `node:net` servers on 127.0.0.1 that speak exactly the bytes a test needs (a
 * CONNECT never answered, a 200 with the target's bytes in the same packet, a hang-up, a 502,
 * a forwarded 407), and see exactly what the client sent them.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { lastValueFrom, type Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Client,
  ConnectError,
  ConnectTimeout,
  get,
  Proxy as HttpProxy,
  type NodeClientOptions,
  ProxyError,
} from '../../src/index.ts';
import { closedPort, type SeenRequest, startRecordingServer, type TestServer } from './support/server.ts';

/** One connection a fake proxy accepted: every byte it got (latin1), the heads, and whether it closed. */
interface Connection {
  readonly socket: Socket;
  received: string;
  readonly heads: string[];
  closed: boolean;
}

/** What a fake proxy does with each complete head on a connection (from 1). */
type OnHead = (connection: Connection, head: string, n: number) => void;

interface FakeProxy {
  readonly url: string;
  readonly port: number;
  readonly connections: Connection[];
  readonly open: number;
  close(): Promise<void>;
}

async function startFakeProxy(onHead: OnHead): Promise<FakeProxy> {
  const sockets = new Set<Socket>();
  const connections: Connection[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const connection: Connection = { socket, received: '', heads: [], closed: false };
    connections.push(connection);
    socket.on('error', () => {});
    socket.on('close', () => {
      connection.closed = true;
      sockets.delete(socket);
    });
    let pending = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('latin1');
      connection.received += text;
      pending += text;
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        const head = pending.slice(0, end + 4);
        pending = pending.slice(end + 4);
        connection.heads.push(head);
        onHead(connection, head, connection.heads.length);
        // A tunnel piped on: its bytes are the target's business.
        if (socket.listenerCount('data') === 0 || socket.destroyed) return;
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const proxy: FakeProxy = {
    url: `http://127.0.0.1:${port}`,
    port,
    connections,
    get open() {
      return connections.filter((connection) => !connection.closed).length;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  fakes.push(proxy);
  return proxy;
}

/** After a CONNECT head: answers 200 and pipes the connection to `port` on 127.0.0.1. */
function pipeTo(connection: Connection, port: number): void {
  const { socket } = connection;
  socket.removeAllListeners('data');
  socket.pause();
  const upstream = createConnection(port, '127.0.0.1');
  upstream.on('error', () => socket.destroy());
  upstream.on('close', () => socket.destroy());
  socket.on('close', () => upstream.destroy());
  upstream.once('connect', () => {
    socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
    socket.pipe(upstream).pipe(socket);
  });
}

const fakes: FakeProxy[] = [];
const clients: Client[] = [];
const subscriptions: Subscription[] = [];
let target: TestServer & { readonly requests: SeenRequest[] };

beforeEach(async () => {
  target = await startRecordingServer((seen, res) => {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`target saw ${seen.method} ${seen.url}`);
  });
});

afterEach(async () => {
  for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
  await Promise.all(clients.splice(0).map((made) => made.close()));
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
  await target.close();
});

function client(options: NodeClientOptions): Client {
  const made = new Client({ trustEnv: false, ...options });
  clients.push(made);
  return made;
}

async function failure(response: Promise<unknown>): Promise<Error> {
  return response.then(
    () => new Error('the request did not fail'),
    (error: unknown) => error as Error,
  );
}

/** Waits until `predicate` holds, for two seconds at most; the caller asserts. */
async function until(predicate: () => boolean): Promise<void> {
  for (let waited = 0; !predicate() && waited < 2000; waited += 10)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The head's lines, without the blank line that ends it. */
const lines = (head: string): string[] => head.split('\r\n').slice(0, -2);

/** The value of `name` in a head, `undefined` when absent; fails on a repeated header. */
function header(head: string, name: string): string | undefined {
  const found = lines(head)
    .slice(1)
    .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((line) => line.slice(name.length + 1).trim());
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0];
}

describe('a CONNECT that is never answered', () => {
  it.each([
    ['an https target', (port: number) => `https://127.0.0.1:${port}/never`, 'forward' as const],
    [
      "an http target in mode 'tunnel'",
      (port: number) => `http://127.0.0.1:${port}/never`,
      'tunnel' as const,
    ],
  ])('for %s: the connect timeout fires and the socket to the proxy closes', async (_what, url, mode) => {
    const proxy = await startFakeProxy(() => {});
    const made = client({ proxy: new HttpProxy(proxy.url, { mode }), timeout: { connect: 200 } });
    const error = await failure(lastValueFrom(made.get(url(target.port))));
    expect(error).toBeInstanceOf(ConnectTimeout);
    expect(proxy.connections).toHaveLength(1);
    expect(lines(proxy.connections[0]!.heads[0]!)[0]).toBe(`CONNECT 127.0.0.1:${target.port} HTTP/1.1`);
    await until(() => proxy.open === 0);
    expect(proxy.open).toBe(0);
    expect(String(made)).toBe('<Client [0 active, 0 idle]>');
    expect(target.requests).toEqual([]);
  });

  it('is abandoned when the request is unsubscribed: the socket to the proxy closes', async () => {
    const proxy = await startFakeProxy(() => {});
    const made = client({ proxy: proxy.url, timeout: null });
    let settled = false;
    const subscription = made.get(`https://127.0.0.1:${target.port}/cancelled`).subscribe({
      next: () => {
        settled = true;
      },
      error: () => {
        settled = true;
      },
    });
    subscriptions.push(subscription);
    await until(() => proxy.connections[0]?.heads.length === 1);
    expect(lines(proxy.connections[0]!.heads[0]!)[0]).toBe(`CONNECT 127.0.0.1:${target.port} HTTP/1.1`);
    expect(proxy.open).toBe(1);
    subscription.unsubscribe();
    await until(() => proxy.open === 0);
    expect(proxy.open).toBe(0);
    expect(settled).toBe(false);
    expect(String(made)).toBe('<Client [0 active, 0 idle]>');
  });
});

describe('a CONNECT answered', () => {
  it("with 200 and the target's first bytes in the same packet: the response is read from them, one CONNECT", async () => {
    const proxy = await startFakeProxy((connection, _head, n) => {
      if (n === 1)
        connection.socket.write(
          'HTTP/1.1 200 Connection established\r\n\r\n' +
            'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nX-From: head\r\n\r\nfrom the head',
        );
    });
    const made = client({ proxy: new HttpProxy(proxy.url, { mode: 'tunnel' }) });
    const response = await lastValueFrom(made.get(`http://127.0.0.1:${target.port}/head`));
    expect([response.status, response.headers.get('x-from'), response.text]).toEqual([
      200,
      'head',
      'from the head',
    ]);
    await until(() => proxy.connections[0]!.heads.length === 2);
    expect(proxy.connections).toHaveLength(1);
    expect(lines(proxy.connections[0]!.heads[1]!)[0]).toBe('GET /head HTTP/1.1');
    expect(target.requests).toEqual([]);
  });

  it('with 200 and nothing else, then piped: the target answers through the tunnel', async () => {
    const proxy = await startFakeProxy((connection) => pipeTo(connection, target.port));
    const made = client({ proxy: new HttpProxy(proxy.url, { mode: 'tunnel' }) });
    const response = await lastValueFrom(made.get(`http://127.0.0.1:${target.port}/piped`));
    expect(response.text).toBe('target saw GET /piped');
    expect(target.requests.map((seen) => seen.url)).toEqual(['/piped']);
  });

  it('by a hang-up before any byte: a ProxyError that says so, no status', async () => {
    const proxy = await startFakeProxy((connection) => connection.socket.destroy());
    const made = client({ proxy: proxy.url });
    const error = await failure(lastValueFrom(made.get(`https://127.0.0.1:${target.port}/hang-up`)));
    expect(error).toBeInstanceOf(ProxyError);
    expect(error.message).toContain(
      `The proxy 127.0.0.1:${proxy.port} closed the connection before answering CONNECT`,
    );
    expect((error as ProxyError).status).toBeUndefined();
    expect((error as ProxyError).headers).toBeUndefined();
    expect(target.requests).toEqual([]);
  });

  it('by a hang-up halfway through the status line: a ProxyError, no status', async () => {
    const proxy = await startFakeProxy((connection) => connection.socket.end('HTTP/1.1 20'));
    const made = client({ proxy: proxy.url });
    const error = await failure(lastValueFrom(made.get(`https://127.0.0.1:${target.port}/half`)));
    expect(error).toBeInstanceOf(ProxyError);
    expect(error.message).toContain('before answering CONNECT');
    expect((error as ProxyError).status).toBeUndefined();
  });

  it("with 502: a ProxyError with the status and the proxy's headers, the socket closed", async () => {
    const proxy = await startFakeProxy((connection) =>
      connection.socket.write(
        'HTTP/1.1 502 Bad Gateway\r\nX-Proxy-Reason: upstream down\r\nContent-Length: 4\r\n\r\ngone',
      ),
    );
    const made = client({ proxy: proxy.url });
    const url = `https://127.0.0.1:${target.port}/bad-gateway`;
    const error = await failure(lastValueFrom(made.get(url)));
    expect(error).toBeInstanceOf(ProxyError);
    const refused = error as ProxyError;
    expect(refused.status).toBe(502);
    expect(refused.headers?.get('x-proxy-reason')).toBe('upstream down');
    expect(refused.message).toContain(
      `The proxy 127.0.0.1:${proxy.port} answered CONNECT 127.0.0.1:${target.port} with 502 Bad Gateway`,
    );
    expect(refused.request.url.href).toBe(url);
    await until(() => proxy.open === 0);
    expect(proxy.open).toBe(0);
    expect(String(made)).toBe('<Client [0 active, 0 idle]>');
  });

  it('with 407: a ProxyError with the challenge, saying it wants credentials', async () => {
    const proxy = await startFakeProxy((connection) =>
      connection.socket.write(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="fake"\r\nContent-Length: 0\r\n\r\n',
      ),
    );
    const error = await failure(
      lastValueFrom(client({ proxy: proxy.url }).get(`https://127.0.0.1:${target.port}/`)),
    );
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).status).toBe(407);
    expect((error as ProxyError).headers?.get('proxy-authenticate')).toBe('Basic realm="fake"');
    expect(error.message).toContain('the proxy wants credentials (auth)');
    expect(header(proxy.connections[0]!.heads[0]!, 'proxy-authorization')).toBeUndefined();
  });

  it('names an IPv6 target in brackets, in the line and in Host', async () => {
    const proxy = await startFakeProxy((connection) =>
      connection.socket.write('HTTP/1.1 403 Forbidden\r\n\r\n'),
    );
    const error = await failure(lastValueFrom(client({ proxy: proxy.url }).get('https://[::1]:8443/')));
    expect((error as ProxyError).status).toBe(403);
    const head = proxy.connections[0]!.heads[0]!;
    expect(lines(head)[0]).toBe('CONNECT [::1]:8443 HTTP/1.1');
    expect(header(head, 'host')).toBe('[::1]:8443');
  });
});

describe('a forwarding proxy', () => {
  const challenge = (connection: Connection) =>
    connection.socket.write(
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="fwd"\r\nContent-Length: 0\r\n\r\n',
    );

  it('gets the request in absolute form with the Host of the target, and no credentials when none were given', async () => {
    const proxy = await startFakeProxy(challenge);
    const url = `http://127.0.0.1:${target.port}/path?x=1`;
    const error = await failure(lastValueFrom(client({ proxy: proxy.url }).get(url)));
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).status).toBe(407);
    expect((error as ProxyError).headers?.get('proxy-authenticate')).toBe('Basic realm="fwd"');
    expect(error.message).toContain(
      `The proxy 127.0.0.1:${proxy.port} answered the forwarded request with 407`,
    );
    const head = proxy.connections[0]!.heads[0]!;
    expect(lines(head)[0]).toBe(`GET http://127.0.0.1:${target.port}/path?x=1 HTTP/1.1`);
    expect(header(head, 'host')).toBe(`127.0.0.1:${target.port}`);
    expect(header(head, 'proxy-authorization')).toBeUndefined();
    expect(target.requests).toEqual([]);
  });

  it('gets Proxy-Authorization when credentials were given, and a 407 is still a ProxyError', async () => {
    const proxy = await startFakeProxy(challenge);
    const made = client({ proxy: new HttpProxy(proxy.url, { auth: ['alice', 'wrong'] }) });
    const error = await failure(lastValueFrom(made.get(`http://localhost:${target.port}/auth`)));
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).status).toBe(407);
    const head = proxy.connections[0]!.heads[0]!;
    expect(lines(head)[0]).toBe(`GET http://localhost:${target.port}/auth HTTP/1.1`);
    expect(header(head, 'host')).toBe(`localhost:${target.port}`);
    expect(header(head, 'proxy-authorization')).toBe(
      `Basic ${Buffer.from('alice:wrong').toString('base64')}`,
    );
  });

  it("passes the proxy's answer on: a 200 is the response", async () => {
    const proxy = await startFakeProxy((connection) =>
      connection.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nforwarded'),
    );
    const response = await lastValueFrom(
      client({ proxy: proxy.url }).get(`http://127.0.0.1:${target.port}/ok`),
    );
    expect(response.status).toBe(200);
    expect(response.text).toBe('forwarded');
  });
});

describe("the Proxy's headers", () => {
  const headers = { 'X-Proxy-Token': 'tok-123', 'X-Proxy-Tenant': 'blue' };

  it('reach the proxy on CONNECT, with Proxy-Authorization, and never the target through the tunnel', async () => {
    const proxy = await startFakeProxy((connection) => pipeTo(connection, target.port));
    const made = client({
      proxy: new HttpProxy(proxy.url, { headers, auth: ['alice', 's3cret'], mode: 'tunnel' }),
    });
    const response = await lastValueFrom(made.get(`http://127.0.0.1:${target.port}/tunnelled`));
    expect(response.text).toBe('target saw GET /tunnelled');
    const connect = proxy.connections[0]!.heads[0]!;
    expect(lines(connect)[0]).toBe(`CONNECT 127.0.0.1:${target.port} HTTP/1.1`);
    expect(header(connect, 'host')).toBe(`127.0.0.1:${target.port}`);
    expect(header(connect, 'x-proxy-token')).toBe('tok-123');
    expect(header(connect, 'x-proxy-tenant')).toBe('blue');
    expect(header(connect, 'proxy-authorization')).toBe(
      `Basic ${Buffer.from('alice:s3cret').toString('base64')}`,
    );
    const seen = target.requests[0]!;
    expect(seen.headers['x-proxy-token']).toBeUndefined();
    expect(seen.headers['x-proxy-tenant']).toBeUndefined();
    expect(seen.headers['proxy-authorization']).toBeUndefined();
    expect(seen.headers.host).toBe(`127.0.0.1:${target.port}`);
  });

  it('reach the proxy on every forwarded request, next to the request’s own headers', async () => {
    const proxy = await startFakeProxy((connection) =>
      connection.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'),
    );
    const made = client({ proxy: new HttpProxy(proxy.url, { headers }) });
    for (const path of ['/one', '/two'])
      expect(
        (
          await lastValueFrom(
            made.get(`http://127.0.0.1:${target.port}${path}`, { headers: { 'X-Own': path } }),
          )
        ).text,
      ).toBe('ok');
    const heads = proxy.connections.flatMap((connection) => connection.heads);
    expect(heads.map((head) => lines(head)[0])).toEqual([
      `GET http://127.0.0.1:${target.port}/one HTTP/1.1`,
      `GET http://127.0.0.1:${target.port}/two HTTP/1.1`,
    ]);
    for (const [i, head] of heads.entries()) {
      expect(header(head, 'x-proxy-token')).toBe('tok-123');
      expect(header(head, 'x-proxy-tenant')).toBe('blue');
      expect(header(head, 'x-own')).toBe(['/one', '/two'][i]);
      expect(header(head, 'proxy-authorization')).toBeUndefined();
    }
    expect(proxy.connections).toHaveLength(1);
  });
});

describe('a dead proxy', () => {
  it.each([
    ['an http target', 'http'],
    ['an https target', 'https'],
  ])('is a ConnectError for %s, never a direct connection', async (_what, scheme) => {
    const port = await closedPort();
    const made = client({ proxy: `http://127.0.0.1:${port}` });
    const error = await failure(lastValueFrom(made.get(`${scheme}://127.0.0.1:${target.port}/direct`)));
    expect(error).toBeInstanceOf(ConnectError);
    expect(error).not.toBeInstanceOf(ProxyError);
    expect(target.connections).toBe(0);
    expect(target.requests).toEqual([]);
  });

  it('is a ConnectError for a SOCKS5 proxy too', async () => {
    const port = await closedPort();
    const made = client({ proxy: `socks5://127.0.0.1:${port}` });
    const error = await failure(lastValueFrom(made.get(`http://127.0.0.1:${target.port}/direct`)));
    expect(error).toBeInstanceOf(ConnectError);
    expect(target.connections).toBe(0);
  });
});

describe('the one-off get()', () => {
  it('forwards through the proxy and closes its connection to it afterwards', async () => {
    const proxy = await startFakeProxy((connection) =>
      connection.socket.write(
        'HTTP/1.1 200 OK\r\nContent-Length: 7\r\nKeep-Alive: timeout=60\r\n\r\none-off',
      ),
    );
    const response = await lastValueFrom(
      get(`http://127.0.0.1:${target.port}/one-off`, { proxy: proxy.url, trustEnv: false }),
    );
    expect(response.text).toBe('one-off');
    expect(lines(proxy.connections[0]!.heads[0]!)[0]).toBe(
      `GET http://127.0.0.1:${target.port}/one-off HTTP/1.1`,
    );
    await until(() => proxy.open === 0);
    expect(proxy.open).toBe(0);
    expect(target.requests).toEqual([]);
  });

  it('tunnels through the proxy to the target and closes the tunnel afterwards', async () => {
    const proxy = await startFakeProxy((connection) => pipeTo(connection, target.port));
    const response = await lastValueFrom(
      get(`http://127.0.0.1:${target.port}/one-off-tunnel`, {
        proxy: new HttpProxy(proxy.url, { mode: 'tunnel' }),
        trustEnv: false,
      }),
    );
    expect(response.text).toBe('target saw GET /one-off-tunnel');
    expect(lines(proxy.connections[0]!.heads[0]!)[0]).toBe(`CONNECT 127.0.0.1:${target.port} HTTP/1.1`);
    await until(() => proxy.open === 0 && target.openSockets === 0);
    expect(proxy.open).toBe(0);
    expect(target.openSockets).toBe(0);
  });
});
