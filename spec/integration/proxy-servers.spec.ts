/**
 * The proxy starters of spec/integration/support work: each real server, with and without auth,
 * forwards, tunnels and refuses as the proxy specs will rely on, and its log() shows it. Only
 * Node's own node:http and node:net talk to the proxies here, never httprx.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApacheProxy } from './support/apache-proxy.ts';
import { startDante } from './support/dante.ts';
import { startMicrosocks } from './support/microsocks.ts';
import type { ProxyAuth, ProxyOptions, ProxyServer } from './support/proxy-server.ts';
import { type SeenRequest, startRecordingServer, type TestServer } from './support/server.ts';
import { startSquid } from './support/squid.ts';
import { startTinyproxy } from './support/tinyproxy.ts';

const AUTH: ProxyAuth = { user: 'alice', password: 'open-sesame' };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const LIMIT_MS = 5000;

type Target = TestServer & { readonly requests: SeenRequest[] };

let target: Target;
beforeAll(async () => {
  target = await startRecordingServer((seen, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end(`target saw ${seen.method} ${seen.url}`);
  });
});
afterAll(() => target.close());

/** Rejects after `ms`, so no test waits on a silent proxy for ever. */
function bounded<T>(promise: Promise<T>, what: string, ms = LIMIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An absolute-form GET sent to the proxy, as a forward proxy's client sends it. */
function forwardGet(proxy: ProxyServer, path: string, authorization?: string): Promise<Answer> {
  const answer = new Promise<Answer>((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: proxy.port,
        path: `${target.origin}${path}`,
        agent: false,
        headers: {
          host: `127.0.0.1:${target.port}`,
          ...(authorization ? { 'proxy-authorization': authorization } : {}),
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
  return bounded(answer, `GET ${path} through ${proxy.url}`);
}

interface Tunnel {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The raw answer of the target to a request sent through the tunnel (when it opened). */
  inside?: string;
}

/** CONNECT to the target, then (when the tunnel opens) a plain HTTP/1.1 request through it. */
function connectTunnel(proxy: ProxyServer, path: string, authorization?: string): Promise<Tunnel> {
  const tunnel = new Promise<Tunnel>((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port: proxy.port,
      method: 'CONNECT',
      path: `127.0.0.1:${target.port}`,
      agent: false,
      headers: {
        host: `127.0.0.1:${target.port}`,
        ...(authorization ? { 'proxy-authorization': authorization } : {}),
      },
    });
    request.on('connect', (response, socket) => {
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        socket.destroy();
        resolve({ status, headers: response.headers });
        return;
      }
      let inside = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        inside += chunk;
      });
      socket.on('end', () => resolve({ status, headers: response.headers, inside }));
      socket.on('error', reject);
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${target.port}\r\nConnection: close\r\n\r\n`);
    });
    // A refusal without a tunnel may also come as a plain response.
    request.on('response', (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    });
    request.on('error', reject);
    request.end();
  });
  return bounded(tunnel, `CONNECT through ${proxy.url}`);
}

/** The log lines that name `path` (forward) or the target (tunnel), after the request was seen. */
async function logged(proxy: ProxyServer, before: number): Promise<string[]> {
  return (await proxy.settleLog(before + 1)).slice(before);
}

const seenPaths = () => target.requests.map((request) => request.url);
let unique = 0;
const nextPath = (what: string) => `/${what}/${++unique}`;

interface HttpProxyCase {
  name: string;
  start: (options?: ProxyOptions) => Promise<ProxyServer>;
  /** What it answers to wrong credentials (tinyproxy 1.11.1 says 401, not 407). */
  wrongCredentials: number;
  /** The status column of its log lines: logged, or `-` for tinyproxy, which does not log it. */
  logsStatus: boolean;
  /** The `auth=` of a request with the right credentials: the user, or `?` where not logged. */
  loggedUser: string;
  /** The Via header it adds to a forwarded request. */
  via: RegExp;
}

const HTTP_PROXIES: HttpProxyCase[] = [
  {
    name: 'squid',
    start: startSquid,
    wrongCredentials: 407,
    logsStatus: true,
    loggedUser: AUTH.user,
    via: /squid/,
  },
  {
    name: 'tinyproxy',
    start: startTinyproxy,
    wrongCredentials: 401,
    logsStatus: false,
    loggedUser: '?',
    via: /tinyproxy/,
  },
  {
    name: 'apache2',
    start: startApacheProxy,
    wrongCredentials: 407,
    logsStatus: true,
    loggedUser: AUTH.user,
    via: /^1\.1 127\.0\.0\.1:\d+$/,
  },
];

describe.each(HTTP_PROXIES)('$name', ({ name, start, wrongCredentials, logsStatus, loggedUser, via }) => {
  const status = (code: number) => (logsStatus ? String(code) : '-');
  /** `auth=` of a request without credentials to a proxy that demands them. */
  const noCredentials = loggedUser === '?' ? '?' : '-';

  describe('without auth', () => {
    let proxy: ProxyServer;
    beforeAll(async () => {
      proxy = await start();
    });
    afterAll(() => proxy?.stop());

    it('has an http URL without credentials on 127.0.0.1', () => {
      expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`);
      expect(proxy.auth).toBeUndefined();
    });

    it('forwards an absolute-form GET to the target and logs it as a forward', async () => {
      const path = nextPath(`${name}-forward`);
      const before = proxy.log().length;
      const answer = await forwardGet(proxy, path);
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(`target saw GET ${path}`);
      // The target was reached by the proxy, which says so in Via.
      const seen = target.requests.find((request) => request.url === path);
      expect(seen?.headers.via).toMatch(via);
      expect(await logged(proxy, before)).toEqual([
        `forward GET ${target.origin}${path} ${status(200)} auth=-`,
      ]);
    });

    it('opens a CONNECT tunnel to the target and logs it as a tunnel', async () => {
      const path = nextPath(`${name}-tunnel`);
      const before = proxy.log().length;
      const tunnel = await connectTunnel(proxy, path);
      expect(tunnel.status).toBe(200);
      expect(tunnel.inside).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(tunnel.inside).toContain(`target saw GET ${path}`);
      // Through a tunnel the target sees the request as sent, without the proxy's Via.
      expect(target.requests.find((request) => request.url === path)?.headers.via).toBeUndefined();
      expect(await logged(proxy, before)).toEqual([
        `tunnel CONNECT 127.0.0.1:${target.port} ${status(200)} auth=-`,
      ]);
    });
  });

  describe('with Basic proxy auth', () => {
    let proxy: ProxyServer;
    beforeAll(async () => {
      proxy = await start({ auth: AUTH });
    });
    afterAll(() => proxy?.stop());

    it('says which credentials it demands', () => {
      expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`);
      expect(proxy.auth).toEqual(AUTH);
    });

    it('answers 407 with a Basic challenge to a GET and a CONNECT without credentials', async () => {
      const path = nextPath(`${name}-no-credentials`);
      const before = proxy.log().length;
      const answer = await forwardGet(proxy, path);
      expect(answer.status).toBe(407);
      expect(answer.headers['proxy-authenticate']).toMatch(/^Basic realm=/);
      const tunnel = await connectTunnel(proxy, path);
      expect(tunnel.status).toBe(407);
      expect(tunnel.headers['proxy-authenticate']).toMatch(/^Basic realm=/);
      expect(seenPaths()).not.toContain(path);
      const lines = await proxy.settleLog(before + 2);
      expect(lines.slice(before).sort()).toEqual(
        [
          `forward GET ${target.origin}${path} ${status(407)} auth=${noCredentials}`,
          `tunnel CONNECT 127.0.0.1:${target.port} ${status(407)} auth=${noCredentials}`,
        ].sort(),
      );
    });

    it(`refuses wrong credentials (${wrongCredentials}) for a GET and a CONNECT`, async () => {
      const path = nextPath(`${name}-wrong-credentials`);
      const wrong = basic(AUTH.user, 'not-the-password');
      const before = proxy.log().length;
      const answer = await forwardGet(proxy, path, wrong);
      expect(answer.status).toBe(wrongCredentials);
      const tunnel = await connectTunnel(proxy, path, wrong);
      expect(tunnel.status).toBe(wrongCredentials);
      expect(seenPaths()).not.toContain(path);
      // The user presented is logged even when refused (a CONNECT's line may come last: squid
      // and Apache log a tunnel when its connection closes).
      const lines = await proxy.settleLog(before + 2);
      expect(lines.slice(before).sort()).toEqual(
        [
          `forward GET ${target.origin}${path} ${status(wrongCredentials)} auth=${loggedUser}`,
          `tunnel CONNECT 127.0.0.1:${target.port} ${status(wrongCredentials)} auth=${loggedUser}`,
        ].sort(),
      );
    });

    it('forwards a GET with the right credentials, which it does not pass on', async () => {
      const path = nextPath(`${name}-authorized-forward`);
      const before = proxy.log().length;
      const answer = await forwardGet(proxy, path, basic(AUTH.user, AUTH.password));
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(`target saw GET ${path}`);
      const seen = target.requests.find((request) => request.url === path);
      expect(seen).toBeDefined();
      expect(seen?.headers['proxy-authorization']).toBeUndefined();
      expect(await logged(proxy, before)).toEqual([
        `forward GET ${target.origin}${path} ${status(200)} auth=${loggedUser}`,
      ]);
    });

    it('opens a tunnel with the right credentials', async () => {
      const path = nextPath(`${name}-authorized-tunnel`);
      const before = proxy.log().length;
      const tunnel = await connectTunnel(proxy, path, basic(AUTH.user, AUTH.password));
      expect(tunnel.status).toBe(200);
      expect(tunnel.inside).toContain(`target saw GET ${path}`);
      expect(await logged(proxy, before)).toEqual([
        `tunnel CONNECT 127.0.0.1:${target.port} ${status(200)} auth=${loggedUser}`,
      ]);
    });
  });
});

/** Reads a socket's bytes exactly as asked for, so each SOCKS5 message is taken whole. */
class Reader {
  private buffered = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private ended = false;

  constructor(socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.waiting?.();
    });
    const end = () => {
      this.ended = true;
      this.waiting?.();
    };
    socket.on('end', end);
    socket.on('close', end);
  }

  /** The next `count` bytes; rejects when the server closed first. */
  async read(count: number): Promise<Buffer> {
    while (this.buffered.length < count) {
      if (this.ended) throw new Error(`closed with ${this.buffered.length} of ${count} bytes read`);
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
      this.waiting = undefined;
    }
    const taken = this.buffered.subarray(0, count);
    this.buffered = this.buffered.subarray(count);
    return taken;
  }

  /** Everything up to the server's end. */
  async rest(): Promise<string> {
    while (!this.ended) {
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
      this.waiting = undefined;
    }
    return this.buffered.toString('utf8');
  }
}

/** How a SOCKS5 exchange ended: at the method choice, the login, the CONNECT reply, or through. */
type SocksOutcome =
  | { step: 'method'; method: number }
  | { step: 'login'; status: number }
  | { step: 'connect'; reply: number }
  | { step: 'through'; method: number; inside: string };

interface SocksAttempt {
  /** The methods the greeting offers: 0x00 none, 0x02 username/password. */
  methods: number[];
  /** Sent when the server picks 0x02 (RFC 1929). */
  credentials?: ProxyAuth;
  /** An IPv4 address (ATYP 1) or a name (ATYP 3). */
  host: string;
  path: string;
}

/**
 * A SOCKS5 client (RFC 1928, RFC 1929) in a few lines: the greeting, the username/password
 * login when the server asks for it, CONNECT to `host`:target's port, then a plain HTTP/1.1
 * request through the tunnel.
 */
function socks5(proxy: ProxyServer, attempt: SocksAttempt): Promise<SocksOutcome> {
  const socket = net.connect(proxy.port, '127.0.0.1');
  const reader = new Reader(socket);
  const exchange = async (): Promise<SocksOutcome> => {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.write(Buffer.from([0x05, attempt.methods.length, ...attempt.methods]));
    const [version, method = -1] = await reader.read(2);
    expect(version).toBe(0x05);
    if (!attempt.methods.includes(method)) return { step: 'method', method };
    if (method === 0x02) {
      const { user, password } = attempt.credentials ?? { user: '', password: '' };
      const name = Buffer.from(user);
      const secret = Buffer.from(password);
      socket.write(
        Buffer.concat([Buffer.from([0x01, name.length]), name, Buffer.from([secret.length]), secret]),
      );
      const [, status = -1] = await reader.read(2);
      if (status !== 0) return { step: 'login', status };
    }
    const port = Buffer.from([target.port >> 8, target.port & 0xff]);
    const address = net.isIPv4(attempt.host)
      ? Buffer.from([0x01, ...attempt.host.split('.').map(Number)])
      : Buffer.concat([Buffer.from([0x03, attempt.host.length]), Buffer.from(attempt.host)]);
    socket.write(Buffer.concat([Buffer.from([0x05, 0x01, 0x00]), address, port]));
    const [, reply = -1, , type] = await reader.read(4);
    const bound = type === 0x01 ? 4 : type === 0x04 ? 16 : (await reader.read(1))[0]!;
    await reader.read(bound + 2);
    if (reply !== 0) return { step: 'connect', reply };
    socket.write(
      `GET ${attempt.path} HTTP/1.1\r\nHost: ${attempt.host}:${target.port}\r\nConnection: close\r\n\r\n`,
    );
    return { step: 'through', method, inside: await reader.rest() };
  };
  return bounded(exchange(), `SOCKS5 through ${proxy.url}`).finally(() => socket.destroy());
}

interface SocksProxyCase {
  name: string;
  start: (options?: ProxyOptions) => Promise<ProxyServer>;
  /** The `auth=` of a login with the right credentials: the user, or `?` where not logged. */
  loggedUser: string;
  /** The target host it logs for a CONNECT to `localhost`: the name, or what it resolved to. */
  loggedLocalhost: string;
}

const SOCKS_PROXIES: SocksProxyCase[] = [
  { name: 'danted', start: startDante, loggedUser: AUTH.user, loggedLocalhost: '127.0.0.1' },
  { name: 'microsocks', start: startMicrosocks, loggedUser: '?', loggedLocalhost: 'localhost' },
];

describe.each(SOCKS_PROXIES)('$name', ({ name, start, loggedUser, loggedLocalhost }) => {
  const through = (outcome: SocksOutcome, path: string) => {
    expect(outcome).toMatchObject({ step: 'through' });
    const inside = outcome.step === 'through' ? outcome.inside : '';
    expect(inside).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(inside).toContain(`target saw GET ${path}`);
    expect(seenPaths()).toContain(path);
  };

  describe('without auth', () => {
    let proxy: ProxyServer;
    beforeAll(async () => {
      proxy = await start();
    });
    afterAll(() => proxy?.stop());

    it('has a socks5 URL without credentials on 127.0.0.1', () => {
      expect(proxy.url).toBe(`socks5://127.0.0.1:${proxy.port}`);
      expect(proxy.auth).toBeUndefined();
    });

    it('connects by IPv4 address without a login, and logs it', async () => {
      const path = nextPath(`${name}-ipv4`);
      const before = proxy.log().length;
      const outcome = await socks5(proxy, { methods: [0x00], host: '127.0.0.1', path });
      through(outcome, path);
      expect(outcome).toMatchObject({ method: 0x00 });
      expect(await logged(proxy, before)).toEqual([`socks CONNECT 127.0.0.1:${target.port} auth=-`]);
    });

    it('connects by the name localhost, and logs it', async () => {
      const path = nextPath(`${name}-name`);
      const before = proxy.log().length;
      through(await socks5(proxy, { methods: [0x00], host: 'localhost', path }), path);
      expect(await logged(proxy, before)).toEqual([`socks CONNECT ${loggedLocalhost}:${target.port} auth=-`]);
    });

    it('refuses a greeting that offers only username/password (method 0xFF)', async () => {
      const path = nextPath(`${name}-only-login`);
      const outcome = await socks5(proxy, { methods: [0x02], credentials: AUTH, host: '127.0.0.1', path });
      expect(outcome).toEqual({ step: 'method', method: 0xff });
      expect(seenPaths()).not.toContain(path);
    });
  });

  describe('with username/password', () => {
    let proxy: ProxyServer;
    beforeAll(async () => {
      proxy = await start({ auth: AUTH });
    });
    afterAll(() => proxy?.stop());

    it('has a socks5 URL without credentials and says which it demands', () => {
      expect(proxy.url).toBe(`socks5://127.0.0.1:${proxy.port}`);
      expect(proxy.auth).toEqual(AUTH);
    });

    it('refuses a client that offers no login (method 0xFF)', async () => {
      const path = nextPath(`${name}-no-login`);
      const outcome = await socks5(proxy, { methods: [0x00], host: '127.0.0.1', path });
      expect(outcome).toEqual({ step: 'method', method: 0xff });
      expect(seenPaths()).not.toContain(path);
    });

    it('refuses a wrong password at the login (status not 0)', async () => {
      const path = nextPath(`${name}-wrong-login`);
      const before = proxy.log().length;
      const outcome = await socks5(proxy, {
        methods: [0x00, 0x02],
        credentials: { user: AUTH.user, password: 'not-the-password' },
        host: '127.0.0.1',
        path,
      });
      expect(outcome).toMatchObject({ step: 'login' });
      expect(outcome.step === 'login' && outcome.status).not.toBe(0);
      expect(seenPaths()).not.toContain(path);
      expect(proxy.log().length).toBe(before);
    });

    it('picks username/password and connects by address and by name with the right login', async () => {
      const byAddress = nextPath(`${name}-login-ipv4`);
      const byName = nextPath(`${name}-login-name`);
      const before = proxy.log().length;
      const first = await socks5(proxy, {
        methods: [0x00, 0x02],
        credentials: AUTH,
        host: '127.0.0.1',
        path: byAddress,
      });
      through(first, byAddress);
      expect(first).toMatchObject({ method: 0x02 });
      through(
        await socks5(proxy, { methods: [0x02], credentials: AUTH, host: 'localhost', path: byName }),
        byName,
      );
      const lines = (await proxy.settleLog(before + 2)).slice(before);
      expect(lines.sort()).toEqual(
        [
          `socks CONNECT 127.0.0.1:${target.port} auth=${loggedUser}`,
          `socks CONNECT ${loggedLocalhost}:${target.port} auth=${loggedUser}`,
        ].sort(),
      );
    });
  });
});
