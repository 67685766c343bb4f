import { Client, ConnectionPool } from 'httprx';
import { firstValueFrom } from 'rxjs';
import { expect, it } from 'vitest';

it("routes as httpx 0.11's proxies mapping did, written as mounts", async () => {
  // Proxies on closed ports here, so that each error names the proxy the request went to.
  const via = (proxy: string) => new ConnectionPool({ proxy });
  const client = new Client({
    mounts: {
      'http://example.com': via('http://127.0.0.1:1'), // httpx 0.11: 'http://example.com'
      'all://example.com': via('socks5h://127.0.0.1:2'), // 'all://example.com'
      'http://': via('http://127.0.0.1:3'), // 'http'
      'all://': via('http://127.0.0.1:4'), // 'all'
    },
  });
  const proxyFor = (url: string) =>
    firstValueFrom(client.get(url)).catch((error: Error) => /127\.0\.0\.1:(\d)/.exec(error.message)?.[1]);
  expect(await proxyFor('http://example.com/')).toBe('1');
  expect(await proxyFor('https://example.com/')).toBe('2');
  expect(await proxyFor('http://example.org/')).toBe('3');
  expect(await proxyFor('https://example.org/')).toBe('4');
  await client.close();
});
