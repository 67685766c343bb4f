import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import zlib from 'node:zlib';
import { firstValueFrom, lastValueFrom, type Observable, tap } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Client,
  type HttpEvent,
  Request,
  type Response,
  ResponseBody,
  ResponseTooLarge,
} from '../../src/index.ts';
import { startServer, type TestServer } from './support/server.ts';

const MiB = 1024 * 1024;
const LIMIT = MiB;
/** The most a decoder hands on at once (decode.ts), and the most undici reads from a socket at once. */
const CHUNK = 64 * 1024;
const ZEROS = Buffer.alloc(10 * MiB);

/** The bomb of each encoding: 10 MiB of zeros, some KB on the wire; `gzip, br` is gzip first, then br. */
const BOMBS: Record<string, Buffer> = {
  gzip: zlib.gzipSync(ZEROS, { level: 9 }),
  deflate: zlib.deflateSync(ZEROS, { level: 9 }),
  br: zlib.brotliCompressSync(ZEROS),
  zstd: zlib.zstdCompressSync(ZEROS),
  'gzip, br': zlib.brotliCompressSync(zlib.gzipSync(ZEROS, { level: 9 })),
};

const RANDOM = randomBytes(LIMIT);
const RANDOM_GZIP = zlib.gzipSync(RANDOM);

let server: TestServer;
let client: Client | undefined;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const coding = url.searchParams.get('coding');
    if (path === '/bomb' && coding !== null) {
      const body = BOMBS[coding]!;
      res.writeHead(200, { 'content-encoding': coding, 'content-length': body.length }).end(body);
    } else if (path === '/incompressible') {
      // Random bytes gzip to a little more than themselves: the declared length is over the limit, the decoded one is not.
      res
        .writeHead(200, { 'content-encoding': 'gzip', 'content-length': RANDOM_GZIP.length })
        .end(RANDOM_GZIP);
    } else if (path === '/exactly') {
      res.writeHead(200, { 'content-length': LIMIT }).end(Buffer.alloc(LIMIT));
    } else if (path === '/declared') {
      // HEAD, 204 and 304 declare a length they never send.
      const status = Number(url.searchParams.get('status') ?? 200);
      res.writeHead(status, { 'content-length': 10 * MiB }).end();
    } else if (path === '/redirect') {
      res.writeHead(302, { location: '/ok', 'content-length': ZEROS.length }).end(ZEROS);
    } else if (path === '/stacked-redirect') {
      // More encodings than a decoder undoes (decode.ts MAX_ENCODINGS), on a body that is not even gzip.
      const coding = 'gzip, gzip, gzip, gzip';
      res.writeHead(302, { location: '/ok', 'content-encoding': coding }).end('not gzip at all');
    } else if (path === '/bogus-redirect') {
      res.writeHead(302, { location: '/ok', 'content-encoding': 'gzip' }).end('not gzip at all');
    } else {
      res.end('ok');
    }
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await client?.close();
  client = undefined;
});
afterAll(() => server.close());

async function failure(source$: Observable<unknown>): Promise<unknown> {
  try {
    await lastValueFrom(source$);
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

/** Counts the decoded bytes every transport hands to the neutral layer (the decoders' sink). */
function decodedBytes(): () => number {
  let seen = 0;
  const data = ResponseBody.prototype.data;
  vi.spyOn(ResponseBody.prototype, 'data').mockImplementation(function (this: ResponseBody, chunk) {
    seen += chunk.byteLength;
    return data.call(this, chunk);
  });
  return () => seen;
}

describe('decompression bombs', () => {
  it.each(Object.keys(BOMBS))(
    'size limit: a %s bomb fails with ResponseTooLarge, decoding no more than the limit and one chunk',
    async (coding) => {
      const seen = decodedBytes();
      client = new Client({ maxResponseSize: LIMIT });
      const error = await failure(client.get(`${server.origin}/bomb?coding=${encodeURIComponent(coding)}`));
      expect(error).toBeInstanceOf(ResponseTooLarge);
      expect((error as ResponseTooLarge).message).toBe(
        `The response body is over maxResponseSize (${LIMIT} bytes)`,
      );
      expect((error as ResponseTooLarge).request.url.pathname).toBe('/bomb');
      expect(seen()).toBeGreaterThan(LIMIT);
      expect(seen()).toBeLessThanOrEqual(LIMIT + CHUNK);
    },
  );

  it('size limit: stream() of a bomb fails after chunks of at most the limit, in stacked encodings too', async () => {
    client = new Client({ maxResponseSize: LIMIT });
    let chunked = 0;
    const events$ = client.stream('GET', `${server.origin}/bomb?coding=${encodeURIComponent('gzip, br')}`);
    const error = await failure(
      events$.pipe(
        tap((event) => {
          if (event.type === 'chunk') chunked += event.data.byteLength;
        }),
      ),
    );
    expect(error).toBeInstanceOf(ResponseTooLarge);
    expect(chunked).toBeGreaterThan(0);
    expect(chunked).toBeLessThanOrEqual(LIMIT);
  });

  it('size limit: a request option replaces the client limit, and null lifts it', async () => {
    client = new Client();
    const url = `${server.origin}/bomb?coding=gzip`;
    expect(await failure(client.get(url, { maxResponseSize: LIMIT }))).toBeInstanceOf(ResponseTooLarge);
    const limited = new Client({ maxResponseSize: LIMIT });
    try {
      const response = await firstValueFrom(limited.get(url, { maxResponseSize: null }));
      expect(response.content.byteLength).toBe(ZEROS.length);
    } finally {
      await limited.close();
    }
  });

  it('size limit: the client limit holds for a request built without the client, sent with send()', async () => {
    client = new Client({ maxResponseSize: LIMIT });
    const request = new Request('GET', `${server.origin}/bomb?coding=zstd`);
    expect(await failure(client.send(request))).toBeInstanceOf(ResponseTooLarge);
    expect(await failure(client.stream(request))).toBeInstanceOf(ResponseTooLarge);
  });
});

describe('declared lengths', () => {
  it('size limit: a body of exactly maxResponseSize bytes is read whole', async () => {
    client = new Client({ maxResponseSize: LIMIT });
    const response = await firstValueFrom(client.get(`${server.origin}/exactly`));
    expect(response.content.byteLength).toBe(LIMIT);
  });

  it('size limit: an encoded body counts decoded bytes: a gzip Content-Length over the limit passes when it decodes within it', async () => {
    expect(RANDOM_GZIP.length).toBeGreaterThan(LIMIT);
    client = new Client({ maxResponseSize: LIMIT });
    const response = await firstValueFrom(client.get(`${server.origin}/incompressible`));
    expect(Buffer.from(response.content).equals(RANDOM)).toBe(true);
  });

  it('size limit: HEAD, 204 and 304 declare a Content-Length over the limit without failing: they have no body', async () => {
    client = new Client({ maxResponseSize: LIMIT });
    const statuses: number[] = [];
    for (const [method, status] of [
      ['HEAD', 200],
      ['GET', 204],
      ['GET', 304],
    ] as const) {
      const response: Response = await firstValueFrom(
        client.request(method, `${server.origin}/declared?status=${status}`),
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 204, 304]);
    const error = await failure(client.get(`${server.origin}/declared`));
    expect(error).toBeInstanceOf(ResponseTooLarge);
  });

  it('size limit: a redirect body over the limit is discarded, neither counted nor failing the chain', async () => {
    client = new Client({ maxResponseSize: LIMIT, followRedirects: true });
    const response = await firstValueFrom(client.get(`${server.origin}/redirect`));
    expect([response.status, response.text, response.history[0]?.status]).toEqual([200, 'ok', 302]);
  });

  it('discarded bodies: a redirect with more stacked encodings than a decoder undoes is never decoded', async () => {
    const gunzips = vi.spyOn(zlib, 'createGunzip');
    client = new Client({ followRedirects: true });
    const response = await firstValueFrom(client.get(`${server.origin}/stacked-redirect`));
    expect([response.status, response.text]).toEqual([200, 'ok']);
    const bogus = await firstValueFrom(client.get(`${server.origin}/bogus-redirect`));
    expect([bogus.status, bogus.text]).toEqual([200, 'ok']);
    expect(gunzips).not.toHaveBeenCalled();
  });
});

describe('options', () => {
  it('size limit: maxResponseSize takes a whole number of bytes or null, naming a wrong value', async () => {
    for (const wrong of [-1, 1.5, '1024', Number.NaN]) {
      expect(() => new Client({ maxResponseSize: wrong as number })).toThrow(
        new RangeError(
          `maxResponseSize must be a whole number of bytes >= 0, or null for no limit, not ${typeof wrong === 'string' ? `'${wrong}'` : String(wrong)}`,
        ),
      );
    }
    expect(() => new Client({ maxResponseSize: null })).not.toThrow();
    client = new Client();
    const error = await failure(client.get(server.url, { maxResponseSize: -5 }));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^maxResponseSize must be a whole number of bytes >= 0/);
  });
});

/** A raw server for one connection at a time: `serve(socket)` runs on each. */
interface Raw {
  origin: string;
  close(): Promise<void>;
}

async function rawServer(serve: (socket: Socket) => void): Promise<Raw> {
  const sockets = new Set<Socket>();
  const net: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', () => serve(socket));
  });
  await new Promise<void>((resolve) => net.listen(0, '127.0.0.1', resolve));
  const address = net.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => net.close(resolve));
    },
  };
}

/** Writes `piece` (a function of the count so far) until the socket fails or closes, or `most` bytes went. */
function pump(
  socket: Socket,
  piece: () => Buffer,
  most: number,
): Promise<{ written: number; failed: boolean }> {
  return new Promise((resolve) => {
    let written = 0;
    let over = false;
    const stop = (failed: boolean) => {
      if (over) return;
      over = true;
      resolve({ written, failed });
    };
    socket.on('close', () => stop(true));
    socket.on('error', () => stop(true));
    const go = (): void => {
      while (!over && written < most) {
        const chunk = piece();
        written += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', go);
      }
      stop(false);
    };
    go();
  });
}

describe('the connection of a body too large', () => {
  it('size limit: a declared Content-Length over the limit fails at the head and the server sees the socket closed', async () => {
    let closed!: Promise<boolean>;
    const raw = await rawServer((socket) => {
      closed = new Promise((resolve) => socket.on('close', () => resolve(socket.destroyed)));
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${64 * MiB}\r\n\r\n`);
    });
    client = new Client({ maxResponseSize: LIMIT });
    try {
      const events: HttpEvent[] = [];
      const error = await failure(
        client.events('GET', `${raw.origin}/`).pipe(tap((event) => events.push(event))),
      );
      expect(error).toBeInstanceOf(ResponseTooLarge);
      expect(events.map((event) => event.type)).not.toContain('chunk');
      // No byte of body was sent: only the client closing ends the wait.
      expect(await closed).toBe(true);
    } finally {
      await raw.close();
    }
  });

  it('size limit: a chunked body is cut once decoded bytes pass the limit, and the server can write no more', async () => {
    let wrote!: Promise<{ written: number; failed: boolean }>;
    const raw = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n');
      const chunk = Buffer.concat([Buffer.from('4000\r\n'), Buffer.alloc(0x4000, 0x61), Buffer.from('\r\n')]);
      wrote = pump(socket, () => chunk, 256 * MiB);
    });
    const seen = decodedBytes();
    client = new Client({ maxResponseSize: LIMIT });
    try {
      const error = await failure(client.get(`${raw.origin}/`));
      expect(error).toBeInstanceOf(ResponseTooLarge);
      const { written, failed } = await wrote;
      expect(failed).toBe(true);
      expect(written).toBeLessThan(256 * MiB);
      expect(seen()).toBeLessThanOrEqual(LIMIT + CHUNK);
    } finally {
      await raw.close();
    }
  });
});
