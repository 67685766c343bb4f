import { once } from 'node:events';
import { createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { Client } from 'httprx';
import { lastValueFrom } from 'rxjs';
import { expect, it } from 'vitest';
import { selfSignedPem } from '../integration/support/certs.ts'; // a throw-away certificate

it('speaks HTTP/2 where the server agrees, every request on one connection', async () => {
  const pem = selfSignedPem('localhost');
  const server = createSecureServer(pem, (req, res) => res.end(`hello over ${req.httpVersion}`));
  await once(server.listen(0, '127.0.0.1'), 'listening');
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const client = new Client({ http2: true, verify: { ca: pem.cert } });
  const answers = await Promise.all([1, 2, 3].map(() => lastValueFrom(client.get(url))));
  expect(answers.map((answer) => `${answer.httpVersion}: ${answer.text}`)).toEqual(
    Array(3).fill('HTTP/2: hello over 2.0'),
  );
  expect(String(client)).toBe('<Client [0 active, 1 idle]>');
  await client.close();
  await new Promise((closed) => server.close(closed));
});
