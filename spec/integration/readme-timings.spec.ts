import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, ofType } from 'httprx';
import { firstValueFrom, lastValueFrom, map, toArray } from 'rxjs';
import { afterAll, expect, it } from 'vitest';

const server = createServer((_request, response) => response.end('hello'));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
afterAll(() => new Promise((closed) => server.close(closed)));

it('tells how long each phase took; a reused connection opens nothing', async () => {
  const client = new Client();
  const first = await firstValueFrom(client.get(url));
  const { wait, dns, tcp, tls, request, firstByte, download, total } = first.timings!;
  expect(dns).toBeGreaterThanOrEqual(0); // `localhost` was looked up (an IP address is not)
  expect(tcp).toBeGreaterThanOrEqual(0); // a new connection
  expect(tls).toBeUndefined(); // plain http
  const phases = [wait, dns, tcp, request, firstByte, download];
  expect(phases.reduce((sum: number, ms) => sum + ms!, 0)).toBe(total);

  const again = await firstValueFrom(client.get(url)); // the same keep-alive connection
  expect(again.timings).toMatchObject({ dns: undefined, tcp: undefined, tls: undefined });

  // events() tells each phase of a new connection as it ends.
  const fresh = new Client();
  const told = fresh.events('GET', url).pipe(
    ofType('timing'),
    map(({ phase, duration }) => `${phase} ${duration >= 0}`),
    toArray(),
  );
  expect(await lastValueFrom(told)).toEqual(['dns true', 'tcp true']);
  await Promise.all([client.close(), fresh.close()]);
});
