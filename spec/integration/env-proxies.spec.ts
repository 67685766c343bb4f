import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type http from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, MockTransport, type NodeClientOptions, Response } from '../../src/index.ts';
import { selfSigned } from './support/certs.ts';
import { startDante } from './support/dante.ts';
import type { ProxyServer } from './support/proxy-server.ts';
import { startServer, type TestServer } from './support/server.ts';
import { startSquid } from './support/squid.ts';

const VARIABLES = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'].flatMap((name) => [
  name,
  name.toUpperCase(),
]);
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
const dir = mkdtempSync(join(tmpdir(), 'httprx-env-proxies-'));
const certs = selfSigned(dir, 'server', 'localhost');

let target: TestServer;
let secure: HttpsServer;
let secureOrigin: string;
let squid: ProxyServer;
let dante: ProxyServer;
const clients: Client[] = [];
const answer = (req: http.IncomingMessage, res: http.ServerResponse): void => {
  res.end(`saw ${req.url}`);
};

/** Sets exactly these proxy variables (the rest unset) and makes a client that reads them. */
function withEnv(env: Record<string, string>, options: NodeClientOptions = {}): Client {
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  const made = new Client({ verify: certs.cert, ...options });
  clients.push(made);
  return made;
}

/** The body, and how many new lines squid and dante logged for it: which way it went. */
async function via(made: Client, url: string): Promise<[body: string, squid: number, dante: number]> {
  const [squidBefore, danteBefore] = [squid.log().length, dante.log().length];
  const body = (await firstValueFrom(made.get(url))).text;
  // squid logs a tunnel when it closes: close the client to have every line.
  await made.close();
  const squidLines = (await squid.settleLog(squidBefore + 1, 1500)).length - squidBefore;
  return [body, squidLines, dante.log().length - danteBefore];
}

beforeAll(async () => {
  target = await startServer(answer);
  secure = createHttpsServer({ cert: readFileSync(certs.cert), key: readFileSync(certs.key) }, answer);
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
  secureOrigin = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
  [squid, dante] = await Promise.all([startSquid(), startDante()]);
}, 30_000);

afterEach(async () => {
  await Promise.all(clients.splice(0).map((made) => made.close()));
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

afterAll(async () => {
  await Promise.all([squid.stop(), dante.stop(), target.close()]);
  secure.closeAllConnections();
  await new Promise((resolve) => secure.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('the environment proxies (trustEnv)', () => {
  it('HTTP_PROXY carries http URLs only; https ones go direct without HTTPS_PROXY', async () => {
    expect(await via(withEnv({ HTTP_PROXY: squid.url }), `${target.origin}/a`)).toEqual(['saw /a', 1, 0]);
    expect(await via(withEnv({ HTTP_PROXY: squid.url }), `${secureOrigin}/b`)).toEqual(['saw /b', 0, 0]);
  });

  it('HTTPS_PROXY tunnels https URLs', async () => {
    expect(await via(withEnv({ HTTPS_PROXY: squid.url }), `${secureOrigin}/c`)).toEqual(['saw /c', 1, 0]);
    expect(await via(withEnv({ HTTPS_PROXY: squid.url }), `${target.origin}/d`)).toEqual(['saw /d', 0, 0]);
  });

  it('ALL_PROXY is for a scheme without a variable of its own, SOCKS5 included', async () => {
    const env = { ALL_PROXY: dante.url, HTTPS_PROXY: squid.url };
    expect(await via(withEnv(env), `${target.origin}/e`)).toEqual(['saw /e', 0, 1]);
    expect(await via(withEnv(env), `${secureOrigin}/f`)).toEqual(['saw /f', 1, 0]);
  });

  it('takes the lower-case name before the upper-case one, and an empty value as unset', async () => {
    expect(
      await via(withEnv({ http_proxy: dante.url, HTTP_PROXY: squid.url }), `${target.origin}/g`),
    ).toEqual(['saw /g', 0, 1]);
    expect(await via(withEnv({ http_proxy: '', HTTP_PROXY: squid.url }), `${target.origin}/h`)).toEqual([
      'saw /h',
      1,
      0,
    ]);
  });

  it.each([
    ['the host', '127.0.0.1'],
    ['a CIDR range', '10.0.0.0/8, 127.0.0.0/8'],
    ['host:port', `127.0.0.1:${0}`],
    ['*', '*'],
  ])('NO_PROXY sends a matching URL direct: %s', async (_what, value) => {
    const noProxy = value.replace(':0', `:${new URL(target.origin).port}`);
    expect(await via(withEnv({ HTTP_PROXY: squid.url, NO_PROXY: noProxy }), `${target.origin}/i`)).toEqual([
      'saw /i',
      0,
      0,
    ]);
  });

  it('NO_PROXY matches a domain with and without its leading dot, and not another port', async () => {
    const url = `http://localhost:${target.port}/j`;
    expect(await via(withEnv({ HTTP_PROXY: squid.url, NO_PROXY: '.localhost' }), url)).toEqual([
      'saw /j',
      0,
      0,
    ]);
    expect(await via(withEnv({ HTTP_PROXY: squid.url, no_proxy: 'localhost' }), url)).toEqual([
      'saw /j',
      0,
      0,
    ]);
    expect(await via(withEnv({ HTTP_PROXY: squid.url, NO_PROXY: 'localhost:1' }), url)).toEqual([
      'saw /j',
      1,
      0,
    ]);
  });

  it('is not read with trustEnv: false, with proxy: null, with a proxy of its own or a transport of the user', async () => {
    const env = { HTTP_PROXY: squid.url };
    expect(await via(withEnv(env, { trustEnv: false }), `${target.origin}/k`)).toEqual(['saw /k', 0, 0]);
    expect(await via(withEnv(env, { proxy: null }), `${target.origin}/l`)).toEqual(['saw /l', 0, 0]);
    expect(await via(withEnv(env, { proxy: dante.url }), `${target.origin}/m`)).toEqual(['saw /m', 0, 1]);
    const mock = new MockTransport(() => new Response(200, { text: 'mock' }));
    expect(await via(withEnv(env, { transport: mock }), `${target.origin}/n`)).toEqual(['mock', 0, 0]);
  });

  it('names a variable whose value is no proxy URL when the client is made', () => {
    expect(() => withEnv({ HTTPS_PROXY: 'ftp://proxy.local' })).toThrow(
      new TypeError(
        "HTTPS_PROXY must be a proxy URL such as http://proxy.local:3128 (http, https, socks5 or socks5h), not 'ftp://proxy.local'",
      ),
    );
  });

  it('counts the proxy pools in String(client)', async () => {
    const made = withEnv({ HTTP_PROXY: squid.url });
    await firstValueFrom(made.get(`${target.origin}/o`));
    await firstValueFrom(made.get(`${secureOrigin}/p`));
    expect(String(made)).toBe('<Client [0 active, 2 idle]>');
  });
});
