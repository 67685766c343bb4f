import type http from 'node:http';
import zlib from 'node:zlib';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  DecodingError,
  type DownloadEvent,
  type HttpEvent,
  type Response,
  type ResponseEvent,
} from '../../src/index.ts';
import { startServer, type TestServer } from './support/server.ts';

/** A body long enough for compression to matter, with multi-byte characters. */
const TEXT = `${'httprx decodes every encoding — ünïcode ✓ '.repeat(400)}end`;
const PLAIN = Buffer.from(TEXT, 'utf8');

/** What the server answers on one path. */
interface Route {
  body: Buffer;
  headers?: http.OutgoingHttpHeaders;
  /** Send the body in pieces without Content-Length (chunked framing). */
  chunked?: boolean;
}

const routes = new Map<string, Route>();
let server: TestServer;
let client: Client | undefined;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const route = routes.get(new URL(req.url ?? '/', server.origin).pathname);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    if (route.chunked) {
      res.writeHead(200, route.headers);
      const third = Math.ceil(route.body.length / 3);
      res.write(route.body.subarray(0, third));
      res.write(route.body.subarray(third, 2 * third));
      res.end(route.body.subarray(2 * third));
      return;
    }
    res.writeHead(200, { 'content-length': route.body.length, ...route.headers });
    res.end(req.method === 'HEAD' ? undefined : route.body);
  });
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  routes.clear();
});
afterAll(async () => {
  await server.close();
});

/** Serves `route` on a fresh path and returns its URL. */
function serve(route: Route): string {
  const path = `/r${routes.size}`;
  routes.set(path, route);
  return `${server.origin}${path}`;
}

async function allEvents(url: string, method = 'GET'): Promise<HttpEvent[]> {
  client ??= new Client();
  return lastValueFrom(client.events(method, url).pipe(toArray()));
}

function finalResponse(events: readonly HttpEvent[]): Response {
  const last = events.at(-1) as ResponseEvent;
  expect(last.type).toBe('response');
  return last.response;
}

function downloads(events: readonly HttpEvent[]): DownloadEvent[] {
  return events.filter((event): event is DownloadEvent => event.type === 'download');
}

const encoders: ReadonlyArray<[string, (input: Buffer) => Buffer]> = [
  ['gzip', (input) => zlib.gzipSync(input)],
  ['deflate', (input) => zlib.deflateSync(input)],
  ['br', (input) => zlib.brotliCompressSync(input)],
  ['zstd', (input) => zlib.zstdCompressSync(input)],
];

describe('content decoding', () => {
  for (const [name, encode] of encoders) {
    it(`decodes ${name} into the exact text and counts the wire bytes`, async () => {
      const wire = encode(PLAIN);
      expect(wire.length).toBeLessThan(PLAIN.length);
      const events = await allEvents(serve({ body: wire, headers: { 'content-encoding': name } }));
      const response = finalResponse(events);
      expect(Buffer.from(response.content).equals(PLAIN)).toBe(true);
      expect(response.text).toBe(TEXT);
      expect(response.numBytesDownloaded).toBe(wire.length);
      const last = downloads(events).at(-1)!;
      expect(last).toEqual({ type: 'download', loaded: wire.length, total: wire.length });
    });
  }

  it('decodes raw deflate (no zlib wrapper) sent as deflate', async () => {
    const wire = zlib.deflateRawSync(PLAIN);
    const response = finalResponse(
      await allEvents(serve({ body: wire, headers: { 'content-encoding': 'deflate' } })),
    );
    expect(response.text).toBe(TEXT);
    expect(response.numBytesDownloaded).toBe(wire.length);
  });

  it('undoes stacked encodings in reverse: gzip, br means gzip was applied first', async () => {
    const wire = zlib.brotliCompressSync(zlib.gzipSync(PLAIN));
    const events = await allEvents(serve({ body: wire, headers: { 'content-encoding': 'gzip, br' } }));
    const response = finalResponse(events);
    expect(response.text).toBe(TEXT);
    expect(response.numBytesDownloaded).toBe(wire.length);
    expect(downloads(events).at(-1)?.loaded).toBe(wire.length);
  });

  it('undoes three stacked encodings', async () => {
    const wire = zlib.zstdCompressSync(zlib.deflateSync(zlib.gzipSync(PLAIN)));
    const response = finalResponse(
      await allEvents(serve({ body: wire, headers: { 'content-encoding': 'gzip, deflate, zstd' } })),
    );
    expect(response.text).toBe(TEXT);
  });

  it('reads Content-Encoding case-insensitively and skips identity', async () => {
    const wire = zlib.gzipSync(PLAIN);
    const response = finalResponse(
      await allEvents(serve({ body: wire, headers: { 'content-encoding': 'identity, GZIP' } })),
    );
    expect(response.text).toBe(TEXT);
  });

  it('leaves a body with an unknown encoding as it was received', async () => {
    const wire = Buffer.from('opaque bytes');
    const response = finalResponse(
      await allEvents(serve({ body: wire, headers: { 'content-encoding': 'compress' } })),
    );
    expect(response.text).toBe('opaque bytes');
  });

  it('keeps the Content-Encoding and Content-Length headers as the server sent them', async () => {
    const wire = zlib.gzipSync(PLAIN);
    const response = finalResponse(
      await allEvents(serve({ body: wire, headers: { 'content-encoding': 'gzip' } })),
    );
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('content-length')).toBe(String(wire.length));
  });

  it('delivers a decoded body through client.stream() as chunks that join to the original', async () => {
    const big = Buffer.from(Array.from({ length: 200_000 }, (_, i) => String(i % 977)).join(','));
    const wire = zlib.gzipSync(big);
    client = new Client();
    const events = await lastValueFrom(
      client.stream('GET', serve({ body: wire, headers: { 'content-encoding': 'gzip' } })).pipe(toArray()),
    );
    const pieces = events.flatMap((event) => (event.type === 'chunk' ? [event.data] : []));
    expect(Buffer.concat(pieces).equals(big)).toBe(true);
    expect(finalResponse(events).numBytesDownloaded).toBe(wire.length);
  });
});

describe('download progress', () => {
  it('reports loaded up to the Content-Length as total', async () => {
    const events = await allEvents(serve({ body: PLAIN }));
    const progress = downloads(events);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((event) => event.total === PLAIN.length)).toBe(true);
    const loaded = progress.map((event) => event.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(loaded.at(-1)).toBe(PLAIN.length);
  });

  it('has no total for a chunked response, and counts the bytes without the chunk framing', async () => {
    const wire = zlib.gzipSync(PLAIN);
    const events = await allEvents(
      serve({ body: wire, headers: { 'content-encoding': 'gzip' }, chunked: true }),
    );
    const response = finalResponse(events);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.text).toBe(TEXT);
    const progress = downloads(events);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((event) => event.total === undefined && !('total' in event))).toBe(true);
    expect(progress.at(-1)?.loaded).toBe(wire.length);
    expect(response.numBytesDownloaded).toBe(wire.length);
  });
});

describe('text encoding', () => {
  const latin1 = Buffer.from('café naïve', 'latin1');

  it('decodes text in the charset the Content-Type names', async () => {
    client = new Client();
    const url = serve({ body: latin1, headers: { 'content-type': 'text/plain; charset=iso-8859-1' } });
    const response = await firstValueFrom(client.get(url));
    expect(response.encoding).toBe('iso-8859-1');
    expect(response.text).toBe('café naïve');
  });

  it('uses defaultEncoding given as a name when the Content-Type has no charset', async () => {
    client = new Client({ defaultEncoding: 'latin1' });
    const response = await firstValueFrom(
      client.get(serve({ body: latin1, headers: { 'content-type': 'text/plain' } })),
    );
    expect(response.encoding).toBe('latin1');
    expect(response.text).toBe('café naïve');
  });

  it('calls defaultEncoding given as a function with the body bytes', async () => {
    const seen: Uint8Array[] = [];
    client = new Client({
      defaultEncoding: (content) => {
        seen.push(content);
        return content.every((byte) => byte < 0x80) ? 'ascii' : 'iso-8859-1';
      },
    });
    const response = await firstValueFrom(client.get(serve({ body: latin1 })));
    expect(response.text).toBe('café naïve');
    expect(seen.length).toBeGreaterThan(0);
    expect(Buffer.from(seen[0]!).equals(latin1)).toBe(true);
  });

  it('prefers the declared charset over defaultEncoding', async () => {
    client = new Client({ defaultEncoding: 'latin1' });
    const url = serve({
      body: Buffer.from('ünï', 'utf8'),
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    expect((await firstValueFrom(client.get(url))).text).toBe('ünï');
  });

  it('reads charset=latin1 from a real server as ISO-8859-1: byte 0x80 is U+0080, not the euro sign', async () => {
    client = new Client();
    const body = Buffer.from([0x80, 0x93, 0x41, 0xe9, 0xff]);
    const url = serve({ body, headers: { 'content-type': 'text/plain; charset=latin1' } });
    const response = await firstValueFrom(client.get(url));
    expect(response.encoding).toBe('latin1');
    expect(response.text).toBe('\u0080\u0093Aé\u00ff');
  });

  it('decodes text after content decoding', async () => {
    client = new Client();
    const url = serve({
      body: zlib.gzipSync(latin1),
      headers: { 'content-encoding': 'gzip', 'content-type': 'text/plain; charset=iso-8859-1' },
    });
    expect((await firstValueFrom(client.get(url))).text).toBe('café naïve');
  });
});

describe('bodies that are not there', () => {
  it('ends a HEAD response with Content-Encoding: gzip cleanly, with an empty body', async () => {
    const wire = zlib.gzipSync(PLAIN);
    const events = await allEvents(serve({ body: wire, headers: { 'content-encoding': 'gzip' } }), 'HEAD');
    const response = finalResponse(events);
    expect(response.status).toBe(200);
    expect(response.content.length).toBe(0);
    expect(response.headers.get('content-length')).toBe(String(wire.length));
    expect(response.numBytesDownloaded).toBe(0);
    expect(events.some((event) => event.type === 'chunk')).toBe(false);
  });
});

describe('decoding failures', () => {
  it('raises DecodingError for four stacked encodings, with the request', async () => {
    const wire = zlib.gzipSync(zlib.gzipSync(zlib.gzipSync(zlib.gzipSync(PLAIN))));
    client = new Client();
    const url = serve({ body: wire, headers: { 'content-encoding': 'gzip, gzip, gzip, gzip' } });
    const error = await firstValueFrom(client.get(url)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DecodingError);
    expect((error as DecodingError).request.url.href).toBe(url);
  });

  it('raises DecodingError for a corrupt gzip body, with the request and the zlib error as cause', async () => {
    client = new Client();
    const url = serve({
      body: Buffer.from('this is not gzip at all'),
      headers: { 'content-encoding': 'gzip' },
    });
    const error = await firstValueFrom(client.get(url)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DecodingError);
    expect((error as DecodingError).request.method).toBe('GET');
    expect((error as DecodingError).request.url.href).toBe(url);
    expect((error as DecodingError).cause).toBeInstanceOf(Error);
  });

  it('raises DecodingError for a corrupt br body', async () => {
    client = new Client();
    const url = serve({ body: Buffer.from('definitely not brotli'), headers: { 'content-encoding': 'br' } });
    await expect(firstValueFrom(client.get(url))).rejects.toBeInstanceOf(DecodingError);
  });

  it('keeps the client usable after a decoding failure', async () => {
    client = new Client();
    const bad = serve({ body: Buffer.from('garbage'), headers: { 'content-encoding': 'gzip' } });
    const good = serve({ body: zlib.gzipSync(PLAIN), headers: { 'content-encoding': 'gzip' } });
    await expect(firstValueFrom(client.get(bad))).rejects.toBeInstanceOf(DecodingError);
    expect((await firstValueFrom(client.get(good))).text).toBe(TEXT);
  });
});
