/**
 * A small echo server for the README examples. Run it with `node demos/echo-server.ts` (port
 * 8000, or the port given as an argument) and the README snippets work as written;
 * demos/readme-examples.ts starts it on a free port instead.
 *
 * - `/status/<code>`: answers with that status;
 * - `/bytes/<n>`: n bytes of `x`, in 16 KiB pieces;
 * - `/slow`: 8 MiB over 4 s (something to cancel);
 * - redirects, cookies, digest auth and a flaky route: see echo-extras.ts;
 * - anything else: `{ method, target, headers, json?, form?, files?, bytes }` describing the request.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';
import { handleExtra } from './echo-extras.ts';

export interface Echo {
  method: string;
  /** The request target as received: path and query, or `*`. */
  target: string;
  headers: Record<string, string | string[] | undefined>;
  /** A JSON body, parsed. */
  json?: unknown;
  /** Urlencoded or multipart text fields. */
  form?: Record<string, string>;
  /** Multipart files: field name → what arrived. */
  files?: Record<string, { filename: string; type: string; size: number; text: string }>;
  /** Body size in bytes. */
  bytes: number;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of req as AsyncIterable<Buffer>) pieces.push(piece);
  return Buffer.concat(pieces);
}

function parseMultipart(req: IncomingMessage, body: Buffer): Promise<Pick<Echo, 'form' | 'files'>> {
  return new Promise((resolve, reject) => {
    const form: Record<string, string> = {};
    const files: NonNullable<Echo['files']> = {};
    const parser = busboy({ headers: req.headers });
    parser.on('field', (name, value) => {
      form[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const pieces: Buffer[] = [];
      stream.on('data', (piece: Buffer) => pieces.push(piece));
      stream.on('end', () => {
        const all = Buffer.concat(pieces);
        files[name] = {
          filename: info.filename ?? '',
          type: info.mimeType,
          size: all.length,
          text: all.toString(),
        };
      });
    });
    parser.on('close', () => resolve({ form, files }));
    parser.on('error', reject);
    parser.end(body);
  });
}

async function echo(req: IncomingMessage): Promise<Echo> {
  const body = await readBody(req);
  const result: Echo = {
    method: req.method ?? '',
    target: req.url ?? '',
    headers: req.headers,
    bytes: body.length,
  };
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) result.json = JSON.parse(body.toString());
  else if (type.startsWith('application/x-www-form-urlencoded'))
    result.form = Object.fromEntries(new URLSearchParams(body.toString()));
  else if (type.startsWith('multipart/form-data')) Object.assign(result, await parseMultipart(req, body));
  return result;
}

async function slow(res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': 8 * 1024 * 1024 });
  const piece = Buffer.alloc(64 * 1024, 'x');
  for (let i = 0; i < 128 && !res.destroyed; i++) {
    res.write(piece);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  res.end();
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const status = /^\/status\/(\d{3})$/.exec(path);
  const bytes = /^\/bytes\/(\d+)$/.exec(path);
  if (handleExtra(req, res, path)) return;
  if (status) {
    res.writeHead(Number(status[1]), { 'Content-Type': 'application/json' }).end(`{"status":${status[1]}}`);
  } else if (bytes) {
    const size = Number(bytes[1]);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size });
    for (let sent = 0; sent < size; sent += 16 * 1024)
      res.write(Buffer.alloc(Math.min(16 * 1024, size - sent), 'x'));
    res.end();
  } else if (path === '/slow') {
    await slow(res);
  } else {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(await echo(req)));
  }
}

/** Starts the echo server on 127.0.0.1; port 0 picks a free one. */
export async function startEchoServer(
  port = 0,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

if (import.meta.main) {
  const { url } = await startEchoServer(Number(process.argv[2] ?? 8000));
  console.log(`echo server on ${url} (Ctrl-C to stop)`);
}
