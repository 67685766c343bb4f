import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, LocalProtocolError, Request } from '../../src/index.ts';
import { type RawServer, startRawServer } from './support/raw-server.ts';

/** A raw TCP server that records every byte it gets and answers each request head with an empty 200. */
let server: RawServer;
let client: Client | undefined;

beforeAll(async () => {
  server = await startRawServer((socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
  });
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  server.reset();
});
afterAll(() => server.close());

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
      client.request(method, `${server.origin}/`, { extensions: { target } }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LocalProtocolError);
    expect(server.connections).toBe(0);
    expect(server.received).toBe('');
  });

  it('refuses a target changed after the request was built, at the transport, making no connection', async () => {
    client = new Client();
    const request = new Request('OPTIONS', `${server.origin}/`, { extensions: { target: '*' } });
    request.extensions.target = '*\r\nX-Injected: 1';
    const error = await firstValueFrom(client.send(request)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LocalProtocolError);
    expect((error as LocalProtocolError).request).toBe(request);
    expect(server.connections).toBe(0);
  });

  it('sends a valid asterisk-form and absolute-form target as it is', async () => {
    client = new Client();
    expect(
      (await firstValueFrom(client.options(`${server.origin}/`, { extensions: { target: '*' } }))).status,
    ).toBe(200);
    const absolute = `${server.origin}/a?b=c`;
    expect(
      (await firstValueFrom(client.get(`${server.origin}/`, { extensions: { target: absolute } }))).status,
    ).toBe(200);
    const lines = server.received.split('\r\n').filter((line) => /^[A-Z]+ \S+ HTTP\/1\.1$/.test(line));
    expect(lines).toEqual(['OPTIONS * HTTP/1.1', `GET ${absolute} HTTP/1.1`]);
    expect(server.received).not.toMatch(/X-Injected/i);
  });
});
