import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type http from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  ConnectError,
  ConnectionPool,
  Proxy as HttpProxy,
  type NodeClientOptions,
  ProxyError,
} from '../../src/index.ts';
import { startApacheProxy } from './support/apache-proxy.ts';
import { selfSigned } from './support/certs.ts';
import { startDante } from './support/dante.ts';
import { startH2Server } from './support/h2-server.ts';
import { startMicrosocks } from './support/microsocks.ts';
import type { ProxyServer } from './support/proxy-server.ts';
import { startServer, type TestServer } from './support/server.ts';
import { startSquid } from './support/squid.ts';
import { startTinyproxy } from './support/tinyproxy.ts';

const dir = mkdtempSync(join(tmpdir(), 'httprx-proxies-'));
const certs = selfSigned(dir, 'server', 'localhost');
const user = { user: 'alice', password: 's3cret' };
const creds = `${user.user}:${user.password}@`;

/** What a target saw: each request's method, target and the Proxy-Authorization it got. */
interface Seen {
  method: string;
  url: string;
  proxyAuthorization: string | undefined;
}
const seen: Seen[] = [];
const record = (req: http.IncomingMessage, res: http.ServerResponse): void => {
  seen.push({ method: req.method!, url: req.url!, proxyAuthorization: req.headers['proxy-authorization'] });
  if (req.url === '/redirect-to-direct') {
    res.writeHead(302, { location: `http://localhost:${target.port}/after` }).end();
    return;
  }
  res.end(`${'encrypted' in req.socket ? 'https' : 'http'} target saw ${req.method} ${req.url}`);
};

let target: TestServer;
let secure: HttpsServer;
let secureUrl: string;
const proxies: ProxyServer[] = [];
const clients: Client[] = [];

function client(options: NodeClientOptions): Client {
  const made = new Client({ verify: certs.cert, trustEnv: false, ...options });
  clients.push(made);
  return made;
}

async function text(made: Client, url: string): Promise<string> {
  return (await firstValueFrom(made.get(url))).text;
}

async function failure(made: Client, url: string): Promise<unknown> {
  return lastValueFrom(made.get(url)).then(
    () => new Error('the request did not fail'),
    (error: unknown) => error,
  );
}

async function started(start: Promise<ProxyServer>): Promise<ProxyServer> {
  const proxy = await start;
  proxies.push(proxy);
  return proxy;
}

beforeAll(async () => {
  target = await startServer(record);
  secure = createHttpsServer({ cert: readFileSync(certs.cert), key: readFileSync(certs.key) }, record);
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
  secureUrl = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(clients.map((made) => made.close()));
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  await target.close();
  secure.closeAllConnections();
  await new Promise((resolve) => secure.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ['squid', () => startSquid({ auth: user })],
  ['tinyproxy', () => startTinyproxy({ auth: user })],
  ['Apache', () => startApacheProxy({ auth: user })],
])('through %s with Basic proxy auth', (_name, start) => {
  let proxy: ProxyServer;
  beforeAll(async () => {
    proxy = await started(start());
  }, 30_000);

  it('forwards an http request in absolute form, with the credentials for the proxy alone', async () => {
    seen.length = 0;
    const url = `http://${creds}${proxy.url.slice('http://'.length)}`;
    expect(await text(client({ proxy: url }), `${target.origin}/forward?x=1`)).toBe(
      'http target saw GET /forward?x=1',
    );
    expect((await proxy.settleLog(1)).at(-1)).toMatch(
      // squid leaves the query out of its log (strip_query_terms).
      new RegExp(`^forward GET ${target.origin}/forward\\?(x=1)? (200|-) auth=(alice|\\?)$`),
    );
    expect(seen).toEqual([{ method: 'GET', url: '/forward?x=1', proxyAuthorization: undefined }]);
  });

  it('tunnels an https request with CONNECT; the target never sees the credentials', async () => {
    seen.length = 0;
    const before = proxy.log().length;
    const made = client({ proxy: new HttpProxy(proxy.url, { auth: [user.user, user.password] }) });
    expect(await text(made, `${secureUrl}/tunnel`)).toBe('https target saw GET /tunnel');
    expect(await text(made, `${secureUrl}/again`)).toBe('https target saw GET /again');
    expect(String(made)).toBe('<Client [0 active, 1 idle]>');
    await made.close();
    // squid and Apache log a tunnel when it closes.
    const log = (await proxy.settleLog(before + 1)).slice(before);
    expect(log.filter((line) => line.includes(`CONNECT ${secureUrl.slice('https://'.length)}`))).toHaveLength(
      1,
    );
    expect(seen.map((request) => request.proxyAuthorization)).toEqual([undefined, undefined]);
  });

  it("tunnels an http request too in mode 'tunnel'", async () => {
    seen.length = 0;
    const before = proxy.log().length;
    const made = client({
      proxy: new HttpProxy(proxy.url, { auth: [user.user, user.password], mode: 'tunnel' }),
    });
    expect(await text(made, `${target.origin}/tunnelled`)).toBe('http target saw GET /tunnelled');
    await made.close();
    const log = await proxy.settleLog(before + 1);
    expect(log.slice(before)[0]).toMatch(
      new RegExp(`^tunnel CONNECT 127\\.0\\.0\\.1:${target.port} (200|-) `),
    );
    expect(seen).toEqual([{ method: 'GET', url: '/tunnelled', proxyAuthorization: undefined }]);
  });

  it('fails with a ProxyError carrying 407 and the challenge when no credentials are given', async () => {
    seen.length = 0;
    for (const url of [`${target.origin}/no-credentials`, `${secureUrl}/no-credentials`]) {
      const error = await failure(client({ proxy: proxy.url }), url);
      expect(error).toBeInstanceOf(ProxyError);
      expect((error as ProxyError).status).toBe(407);
      expect((error as ProxyError).headers?.get('proxy-authenticate')).toMatch(/^Basic /);
      expect((error as ProxyError).request.url.href).toBe(url);
    }
    expect(seen).toEqual([]);
  });
});

describe('wrong proxy credentials', () => {
  it.each([
    ['squid', () => startSquid({ auth: user }), 407],
    // tinyproxy answers a wrong password with 401 (and WWW-Authenticate), not 407.
    ['tinyproxy', () => startTinyproxy({ auth: user }), 401],
    ['Apache', () => startApacheProxy({ auth: user }), 407],
  ])(
    'are refused by %s: a ProxyError with its status, never a direct connection',
    async (_name, start, status) => {
      const proxy = await started(start());
      seen.length = 0;
      const error = await failure(
        client({ proxy: new HttpProxy(proxy.url, { auth: ['alice', 'wrong'] }) }),
        `${secureUrl}/wrong`,
      );
      expect(error).toBeInstanceOf(ProxyError);
      expect((error as ProxyError).status).toBe(status);
      expect((error as ProxyError).message).toMatch(/refused the credentials/);
      expect(seen).toEqual([]);
    },
    30_000,
  );
});

describe('through an https:// proxy (Apache with mod_ssl)', () => {
  let proxy: ProxyServer;
  beforeAll(async () => {
    proxy = await started(startApacheProxy({ auth: user, tls: certs }));
  }, 30_000);

  it('speaks TLS to the proxy, checked with the client verify, then forwards or tunnels', async () => {
    seen.length = 0;
    const made = client({ proxy: new HttpProxy(proxy.url, { auth: [user.user, user.password] }) });
    expect(proxy.url).toMatch(/^https:/);
    expect(await text(made, `${target.origin}/forwarded`)).toBe('http target saw GET /forwarded');
    expect(await text(made, `${secureUrl}/tunnelled`)).toBe('https target saw GET /tunnelled');
    await made.close();
    const log = await proxy.settleLog(2);
    expect(log).toEqual([
      `forward GET ${target.origin}/forwarded 200 auth=alice`,
      `tunnel CONNECT ${secureUrl.slice('https://'.length)} 200 auth=alice`,
    ]);
    expect(seen.map((request) => request.proxyAuthorization)).toEqual([undefined, undefined]);
  });

  it("refuses a proxy whose certificate the client's verify does not trust", async () => {
    seen.length = 0;
    const made = new Client({ proxy: proxy.url, trustEnv: false });
    clients.push(made);
    const error = await failure(made, `${target.origin}/untrusted`);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as Error).message).toMatch(/^TLS certificate verification failed/);
    expect(seen).toEqual([]);
  });
});

describe.each([
  ['dante', () => startDante({ auth: user })],
  ['microsocks', () => startMicrosocks({ auth: user })],
])('through SOCKS5 (%s) with a user and password', (_name, start) => {
  let proxy: ProxyServer;
  beforeAll(async () => {
    proxy = await started(start());
  }, 30_000);

  const via = (scheme: string, auth = creds) => `${scheme}://${auth}${proxy.url.slice('socks5://'.length)}`;

  it('carries http and https requests; socks5 resolves the name here', async () => {
    seen.length = 0;
    const before = proxy.log().length;
    const made = client({ proxy: via('socks5') });
    expect(await text(made, `http://localhost:${target.port}/plain`)).toBe('http target saw GET /plain');
    expect(await text(made, `${secureUrl}/secure`)).toBe('https target saw GET /secure');
    await made.close();
    const log = (await proxy.settleLog(before + 2)).slice(before);
    expect(log[0]).toMatch(new RegExp(`^socks CONNECT 127\\.0\\.0\\.1:${target.port} auth=(alice|\\?)$`));
    expect(log[1]).toMatch(
      new RegExp(`^socks CONNECT ${secureUrl.slice('https://'.length)} auth=(alice|\\?)$`),
    );
    expect(seen.map((request) => request.url)).toEqual(['/plain', '/secure']);
  });

  it('fails with a ProxyError carrying the SOCKS status for a wrong password or none', async () => {
    seen.length = 0;
    const wrong = await failure(client({ proxy: via('socks5', 'alice:wrong@') }), `${target.origin}/wrong`);
    expect(wrong).toBeInstanceOf(ProxyError);
    expect((wrong as ProxyError).message).toMatch(/refused the credentials/);
    expect((wrong as ProxyError).status).not.toBe(0);
    const none = await failure(client({ proxy: via('socks5', '') }), `${target.origin}/none`);
    expect(none).toBeInstanceOf(ProxyError);
    expect((none as ProxyError).status).toBe(255);
    expect((none as ProxyError).message).toMatch(/wants credentials/);
    expect(seen).toEqual([]);
  });
});

describe('socks5h', () => {
  it('sends the name for the proxy to resolve (microsocks logs it as it came)', async () => {
    const proxy = await started(startMicrosocks({ auth: user }));
    const made = client({ proxy: `socks5h://${creds}${proxy.url.slice('socks5://'.length)}` });
    expect(await text(made, `http://localhost:${target.port}/remote-dns`)).toBe(
      'http target saw GET /remote-dns',
    );
    await made.close();
    expect(await proxy.settleLog(1)).toEqual([`socks CONNECT localhost:${target.port} auth=?`]);
  }, 30_000);
});

describe('SOCKS5 without credentials (dante)', () => {
  it('resolves names remotely with socks5h, and names a refused target by its reply code', async () => {
    const proxy = await started(startDante());
    const made = client({ proxy: proxy.url.replace('socks5:', 'socks5h:') });
    expect(await text(made, `http://localhost:${target.port}/dante`)).toBe('http target saw GET /dante');
    const closed = await startServer(() => {});
    const port = closed.port;
    await closed.close();
    const error = await failure(made, `http://127.0.0.1:${port}/`);
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).status).toBe(5);
    expect((error as ProxyError).message).toMatch(/connection refused/);
  }, 30_000);
});

describe('credentials and connections stay with their proxy', () => {
  it('never sends the proxy credentials to a direct route after a redirect', async () => {
    const proxy = await started(startSquid({ auth: user }));
    seen.length = 0;
    const made = client({
      proxy: `http://${creds}${proxy.url.slice('http://'.length)}`,
      mounts: { 'all://localhost': null },
      followRedirects: true,
    });
    const response = await firstValueFrom(made.get(`${target.origin}/redirect-to-direct`));
    expect(response.text).toBe('http target saw GET /after');
    expect(seen).toEqual([
      { method: 'GET', url: '/redirect-to-direct', proxyAuthorization: undefined },
      { method: 'GET', url: '/after', proxyAuthorization: undefined },
    ]);
    expect((await proxy.settleLog(1)).filter((line) => line.includes('/after'))).toEqual([]);
  }, 30_000);

  it('opens separate connections for the same proxy with other credentials', async () => {
    const proxy = await started(startSquid());
    const first = new ConnectionPool({
      proxy: new HttpProxy(proxy.url, { auth: ['alice', 'a'] }),
      verify: certs.cert,
    });
    const second = new ConnectionPool({
      proxy: new HttpProxy(proxy.url, { auth: ['bob', 'b'] }),
      verify: certs.cert,
    });
    const made = client({ transport: first, mounts: { [`all://localhost:${target.port}`]: second } });
    expect(await text(made, `${target.origin}/as-alice`)).toBe('http target saw GET /as-alice');
    expect(await text(made, `http://localhost:${target.port}/as-bob`)).toBe('http target saw GET /as-bob');
    expect(await text(made, `${target.origin}/as-alice-again`)).toBe('http target saw GET /as-alice-again');
    expect([first.connectionsOpened, second.connectionsOpened]).toEqual([1, 1]);
    expect(String(made)).toBe('<Client [0 active, 2 idle]>');
    const log = await proxy.settleLog(3);
    expect(log.map((line) => line.split(' ').at(-1))).toEqual(['auth=alice', 'auth=bob', 'auth=alice']);
  }, 30_000);
});

describe('HTTP/2 inside a tunnel', () => {
  it.each([
    ['squid', () => startSquid()],
    ['dante', () => startDante()],
  ])(
    'negotiates h2 with the target through %s, one connection for concurrent requests',
    async (_name, start) => {
      const proxy = await started(start());
      const h2 = await startH2Server((_request, response) => response.end('over h2'));
      try {
        const made = client({ proxy: proxy.url, http2: true, verify: false });
        const responses = await Promise.all([1, 2, 3].map(() => firstValueFrom(made.get(`${h2.origin}/h2`))));
        expect(responses.map((response) => [response.httpVersion, response.text])).toEqual(
          Array(3).fill(['HTTP/2', 'over h2']),
        );
        expect([h2.connections, h2.sessions, h2.negotiated]).toEqual([1, 1, ['h2']]);
      } finally {
        await h2.close();
      }
    },
    30_000,
  );
});

describe('timings through a proxy', () => {
  const phases = (timings: object | undefined) =>
    Object.entries(timings ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([name]) => name);

  it('measure the connection to the proxy, and TLS to the target inside the tunnel', async () => {
    const proxy = await started(startSquid());
    const made = client({ proxy: proxy.url });
    const tunnelled = await firstValueFrom(made.get(`${secureUrl}/timed`));
    expect(phases(tunnelled.timings)).toEqual([
      'wait',
      'tcp',
      'tls',
      'request',
      'firstByte',
      'download',
      'total',
    ]);
    const forwarded = await firstValueFrom(made.get(`${target.origin}/timed`));
    expect(phases(forwarded.timings)).toEqual(['wait', 'tcp', 'request', 'firstByte', 'download', 'total']);
    const again = await firstValueFrom(made.get(`${secureUrl}/timed-again`));
    expect(phases(again.timings)).toEqual(['wait', 'request', 'firstByte', 'download', 'total']);
  }, 30_000);
});
