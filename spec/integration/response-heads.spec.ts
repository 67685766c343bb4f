import { createServer, type Server, type Socket } from 'node:net';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, RemoteProtocolError } from '../../src/index.ts';

/** The pool's bound on header names and values of one response head (pool-options.ts). */
const MAX_HEAD = 64 * 1024;

/** A raw server whose `serve` answers the first bytes of each connection. */
let serve: (socket: Socket) => void;
let raw: Server;
let origin: string;
let client: Client | undefined;
const sockets = new Set<Socket>();

beforeAll(async () => {
  raw = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', () => serve(socket));
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const address = raw.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterEach(async () => {
  await client?.close();
  client = undefined;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => raw.close(resolve));
});

/**
 * Writes `bytes` one byte per write, yielding to the event loop every 64 writes, until the
 * client closes the socket or all went; resolves with the bytes written by then.
 */
function trickle(socket: Socket, bytes: Buffer): Promise<number> {
  socket.setNoDelay(true);
  return new Promise((resolve) => {
    let at = 0;
    let over = false;
    socket.on('close', () => {
      over = true;
      resolve(at);
    });
    const step = (): void => {
      for (let i = 0; i < 64 && !over && at < bytes.length; i++) socket.write(bytes.subarray(at, ++at));
      if (!over && at < bytes.length) setImmediate(step);
      else if (!over) resolve(at);
    };
    step();
  });
}

async function failure(source: Promise<unknown>): Promise<unknown> {
  try {
    await source;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

describe('response heads', () => {
  it('head flooding: one header over 64 KiB is a RemoteProtocolError', async () => {
    serve = (socket) =>
      socket.write(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(MAX_HEAD)}\r\ncontent-length: 0\r\n\r\n`);
    client = new Client();
    const error = await failure(lastValueFrom(client.get(`${origin}/`)));
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as Error).message).toMatch(/headers are too large/);
  });

  it('head flooding: endless small headers trickled byte by byte fail with RemoteProtocolError once past 64 KiB', async () => {
    // 256 KiB of 16-byte header lines (12 bytes of name and value each), never an empty line.
    const lines = Buffer.from(`HTTP/1.1 200 OK\r\n${'x-aa: 12345678\r\n'.repeat(16 * 1024)}`);
    let written!: Promise<number>;
    serve = (socket) => {
      written = trickle(socket, lines);
    };
    client = new Client({ timeout: 60_000 });
    const error = await failure(lastValueFrom(client.get(`${origin}/`)));
    expect(error).toBeInstanceOf(RemoteProtocolError);
    // Past 64 KiB of names and values (16/12 of it on the wire), the client closed the socket.
    const sent = await written;
    expect(sent).toBeGreaterThan(MAX_HEAD);
    expect(sent).toBeLessThan(lines.length);
  });

  it('head flooding: a head of 60 KiB is read (the bound is 64 KiB, not Node’s 16 KiB default)', async () => {
    serve = (socket) =>
      socket.write(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(60 * 1024)}\r\ncontent-length: 2\r\n\r\nok`);
    client = new Client();
    const response = await firstValueFrom(client.get(`${origin}/`));
    expect([response.text, response.headers.get('x-big')?.length]).toEqual(['ok', 60 * 1024]);
  });
});
