import { createServer, type Server, type Socket } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, LocalProtocolError, Request } from '../../src/index.ts';

/** A raw TCP server that records every byte it gets and answers each request head with an empty 200. */
let server: Server;
let origin: string;
let connections = 0;
let received = '';
const sockets = new Set<Socket>();
let client: Client | undefined;

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        pending = pending.slice(end + 4);
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  connections = 0;
  received = '';
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('extensions.target on the wire', () => {
  it.each([
    ['OPTIONS', '*\r\nX-Injected: 1'],
    ['GET', '/a\r\nX-Injected: 1'],
    ['GET', '/a b'],
    ['GET', '/caf\u00e9'],
    ['GET', 'a/b'],
  ])('refuses %s %j with LocalProtocolError, making no connection', async (method, target) => {
    client = new Client();
    const error = await firstValueFrom(
      client.request(method, `${origin}/`, { extensions: { target } }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LocalProtocolError);
    expect(connections).toBe(0);
    expect(received).toBe('');
  });

  it('refuses a target changed after the request was built, at the transport, making no connection', async () => {
    client = new Client();
    const request = new Request('OPTIONS', `${origin}/`, { extensions: { target: '*' } });
    request.extensions.target = '*\r\nX-Injected: 1';
    const error = await firstValueFrom(client.send(request)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LocalProtocolError);
    expect((error as LocalProtocolError).request).toBe(request);
    expect(connections).toBe(0);
  });

  it('sends a valid asterisk-form and absolute-form target as it is', async () => {
    client = new Client();
    expect((await firstValueFrom(client.options(`${origin}/`, { extensions: { target: '*' } }))).status).toBe(
      200,
    );
    const absolute = `${origin}/a?b=c`;
    expect(
      (await firstValueFrom(client.get(`${origin}/`, { extensions: { target: absolute } }))).status,
    ).toBe(200);
    const lines = received.split('\r\n').filter((line) => /^[A-Z]+ \S+ HTTP\/1\.1$/.test(line));
    expect(lines).toEqual(['OPTIONS * HTTP/1.1', `GET ${absolute} HTTP/1.1`]);
    expect(received).not.toMatch(/X-Injected/i);
  });
});
