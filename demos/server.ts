/**
 * The demo's embedded server, on 127.0.0.1 and a free port. It is deliberately slow, so the
 * progress bars have something to show:
 *
 * - `GET /words.txt`: 24 MiB of text, gzip-encoded, `Content-Length` = the compressed size,
 *   written in paced chunks over about 2.5 s;
 * - `POST /upload`: reads the body at a limited rate, then answers `{ "received": bytes }`;
 * - `GET /movie.bin`: 8 MiB of bytes over about 3 s; a client that hangs up early is reported
 *   on `cutOff`.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Subject } from 'rxjs';
import { words } from './words.ts';

export const MiB = 1024 * 1024;
export const TEXT_SIZE = 24 * MiB;
export const MOVIE_SIZE = 8 * MiB;
const UPLOAD_BYTES_PER_SECOND = 7 * MiB;

/** A response the client stopped reading before its end. */
export interface CutOff {
  path: string;
  /** Bytes handed to the socket before it closed. */
  sent: number;
  size: number;
}

export interface DemoServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Decoded size of `/words.txt`. */
  readonly textSize: number;
  /** One value per response whose socket closed before the response was finished. */
  readonly cutOff: Subject<CutOff>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when `res` can take more data, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

/**
 * Writes `body` in 64 KiB slices spread over `duration` ms, counting into `progress.sent`;
 * stops when the client goes away.
 */
async function pacedWrite(res: ServerResponse, body: Uint8Array, duration: number, progress = { sent: 0 }) {
  const slice = 64 * 1024;
  const pause = duration / Math.ceil(body.length / slice);
  while (progress.sent < body.length && !res.destroyed) {
    const piece = body.subarray(progress.sent, progress.sent + slice);
    progress.sent += piece.length;
    if (!res.write(piece)) await drained(res);
    await sleep(pause);
  }
  if (!res.destroyed) res.end();
}

/** Reads the request body at a limited rate; resolves with its size. */
async function slowRead(req: IncomingMessage): Promise<number> {
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    await sleep((chunk.length / UPLOAD_BYTES_PER_SECOND) * 1000);
  }
  return received;
}

export interface ServerOptions {
  /** Answers what the demo's own routes do not: true when it did. @default none: 404 */
  readonly extra?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** @default 0: a free port */
  readonly port?: number;
}

export async function startServer(options: ServerOptions = {}): Promise<DemoServer> {
  const text = await promisify(gzip)(words(TEXT_SIZE), { level: 3 });
  const movie = words(MOVIE_SIZE, 7);
  const cutOff = new Subject<CutOff>();

  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/words.txt') {
      res.writeHead(200, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Encoding': 'gzip',
        'Content-Length': text.length,
      });
      await pacedWrite(res, text, 2500);
    } else if (req.method === 'POST' && req.url === '/upload') {
      const received = await slowRead(req);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ received }));
    } else if (req.method === 'GET' && req.url === '/movie.bin') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': movie.length });
      const progress = { sent: 0 };
      // 'close' with the response unfinished: the client hung up (here: it unsubscribed).
      res.on('close', () => {
        if (!res.writableEnded) cutOff.next({ path: req.url ?? '', sent: progress.sent, size: movie.length });
      });
      await pacedWrite(res, movie, 3000, progress);
    } else if (!options.extra?.(req, res)) {
      res.writeHead(404).end();
    }
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    textSize: TEXT_SIZE,
    cutOff,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
      cutOff.complete();
    },
  };
}
