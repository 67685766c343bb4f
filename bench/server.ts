/**
 * The benchmark server, run in a process of its own (`node bench/server.ts`): plain `node:http`
 * with keep-alive on 127.0.0.1, port 0. It prints its port on the first line of stdout and
 * logs nothing per request.
 *
 * Routes:
 * - `/small`: a short text body with Content-Length.
 * - `/64k`: 64 KiB with Content-Length.
 * - `/stream?bytes=N`: N bytes with Content-Length, written 64 KiB at a time, honouring backpressure.
 * - `/endless`: chunked bytes until the client goes; the moment its socket ends is recorded.
 * - `/hold`: answered only after `/_release` (while armed by `/_arm`), for the in-flight test.
 * - `/_stats`: JSON with the held count, the last close time and the server's CPU time.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** The server's answer to `/_stats`. */
export interface ServerStats {
  /** `/hold` requests waiting for `/_release`. */
  held: number;
  /** When the last `/endless` socket ended or closed (`performance.timeOrigin + performance.now()`). */
  lastClose: number;
  /** `/endless` sockets that ended so far. */
  closes: number;
  /** Requests answered or held so far. */
  requests: number;
  /** The server process's CPU time so far, in µs (user + system). */
  cpuMicros: number;
}

const CHUNK = 64 * 1024;
const SMALL = Buffer.from('Hello from the httprx benchmark server\n');
const BIG = Buffer.alloc(CHUNK, 'x');
const SMALL_HEADERS = ['Content-Type', 'text/plain', 'Content-Length', String(SMALL.length)];
const BIG_HEADERS = ['Content-Type', 'application/octet-stream', 'Content-Length', String(BIG.length)];
const JSON_TYPE = ['Content-Type', 'application/json'];

const held: ServerResponse[] = [];
let holding = false;
let lastClose = 0;
let closes = 0;
let requests = 0;

function streamBytes(res: ServerResponse, total: number): void {
  res.writeHead(200, ['Content-Type', 'application/octet-stream', 'Content-Length', String(total)]);
  let left = total;
  const pump = (): void => {
    while (left > 0) {
      const size = Math.min(left, CHUNK);
      left -= size;
      if (!res.write(size === CHUNK ? BIG : BIG.subarray(0, size))) {
        if (!res.destroyed) res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

function endless(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  let gone = false;
  const onGone = (): void => {
    if (gone) return;
    gone = true;
    lastClose = performance.timeOrigin + performance.now();
    closes++;
  };
  socket.once('end', onGone);
  socket.once('close', onGone);
  socket.once('error', onGone);
  res.writeHead(200, ['Content-Type', 'application/octet-stream']);
  const pump = (): void => {
    while (!gone && !res.destroyed) {
      if (!res.write(BIG)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

function stats(res: ServerResponse): void {
  const cpu = process.cpuUsage();
  const body: ServerStats = {
    held: held.length,
    lastClose,
    closes,
    requests,
    cpuMicros: cpu.user + cpu.system,
  };
  res.writeHead(200, JSON_TYPE);
  res.end(JSON.stringify(body));
}

function release(res: ServerResponse): void {
  holding = false;
  for (const waiting of held.splice(0)) waiting.writeHead(200, SMALL_HEADERS).end(SMALL);
  res.writeHead(204).end();
}

function route(req: IncomingMessage, res: ServerResponse): void {
  requests++;
  const url = req.url ?? '/';
  if (url === '/small') {
    res.writeHead(200, SMALL_HEADERS).end(SMALL);
  } else if (url === '/64k') {
    res.writeHead(200, BIG_HEADERS).end(BIG);
  } else if (url.startsWith('/stream?bytes=')) {
    streamBytes(res, Number(url.slice('/stream?bytes='.length)) || 0);
  } else if (url === '/endless') {
    endless(req, res);
  } else if (url === '/hold') {
    if (holding) held.push(res);
    else res.writeHead(200, SMALL_HEADERS).end(SMALL);
  } else if (url === '/_stats') {
    stats(res);
  } else if (url === '/_arm') {
    holding = true;
    res.writeHead(204).end();
  } else if (url === '/_release') {
    release(res);
  } else {
    res.writeHead(404).end();
  }
}

const server = createServer({ keepAliveTimeout: 60_000, requestTimeout: 0, headersTimeout: 0 }, route);
server.maxRequestsPerSocket = 0;
server.maxHeadersCount = 100;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
// Ends with the runner: stdin closes when the parent goes, whatever way it goes.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
