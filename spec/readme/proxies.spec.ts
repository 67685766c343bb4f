import { Client, Proxy as HttpProxy, ProxyError } from 'httprx';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProxyServer } from '../integration/support/proxy-server.ts';
import { startServer, type TestServer } from '../integration/support/server.ts';
import { startSquid } from '../integration/support/squid.ts'; // a real squid on 127.0.0.1

let squid: ProxyServer;
let site: TestServer;
beforeAll(async () => {
  squid = await startSquid({ auth: { user: 'alice', password: 's3cret' } });
  site = await startServer((_request, response) => void response.end('hello'));
}, 30_000);
afterAll(() => Promise.all([squid.stop(), site.close()]));

it('goes through the proxy with its credentials, and says when the proxy refuses', async () => {
  const client = new Client({ proxy: new HttpProxy(squid.url, { auth: ['alice', 's3cret'] }) });
  expect((await firstValueFrom(client.get(site.url))).text).toBe('hello');

  const refused = new Client({ proxy: squid.url }); // no credentials
  const error = await firstValueFrom(refused.get(site.url)).catch((failure: unknown) => failure);
  expect(error).toBeInstanceOf(ProxyError);
  expect((error as ProxyError).status).toBe(407);
  expect((error as ProxyError).headers?.get('proxy-authenticate')).toMatch(/^Basic/);
  await Promise.all([client.close(), refused.close()]);
});
