/**
 * The proxy starters of spec/integration/support work: each real server, with and without auth,
 * forwards, tunnels and refuses as the proxy specs will rely on, and its log() shows it. Only
 * Node's own node:http and node:net talk to the proxies here, never httprx.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
}

const HTTP_PROXIES: HttpProxyCase[] = [
  { name: 'squid', start: startSquid, wrongCredentials: 407, logsStatus: true, loggedUser: AUTH.user },
  { name: 'tinyproxy', start: startTinyproxy, wrongCredentials: 401, logsStatus: false, loggedUser: '?' },
];

describe.each(HTTP_PROXIES)('$name', ({ name, start, wrongCredentials, logsStatus, loggedUser }) => {
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
      expect(seen?.headers.via).toMatch(new RegExp(name === 'squid' ? 'squid' : 'tinyproxy'));
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
      const answer = await forwardGet(proxy, path, wrong);
      expect(answer.status).toBe(wrongCredentials);
      const tunnel = await connectTunnel(proxy, path, wrong);
      expect(tunnel.status).toBe(wrongCredentials);
      expect(seenPaths()).not.toContain(path);
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
