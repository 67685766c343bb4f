/**
 * The real node:http server the browser specs talk to, on 127.0.0.1 at a random port: another
 * origin than karma's page, so every request is a real CORS request (the server allows the
 * page's origin, with credentials, for every route but /no-cors). Each route is one behaviour
 * a spec checks; `/seen?key=` reports what the server saw of the requests sent with that key
 * (`aborted`: the client closed the connection before the response ended).
 */
import {
  createServer,
  request as forward,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

interface Seen {
  requests: number;
  aborted: number;
  bodyBytes: number;
  /** How many times the server paused while reading a slow upload. */
  pauses: number;
}

const EXPOSED =
  'Content-Length, Content-Encoding, Location, Retry-After, WWW-Authenticate, X-Attempt, X-Echo';
const seen = new Map<string, Seen>();
/** Where /private/ goes: the real Apache with mod_auth_digest that karma.conf.js starts. */
let digestUpstream: string | undefined;

/** Sends /private/ on to Apache (Digest auth), path and headers as they came. */
export function forwardPrivateTo(origin: string): void {
  digestUpstream = origin;
}

function proxy(request: IncomingMessage, response: ServerResponse, origin: string): void {
  const target = new URL(request.url ?? '/', origin);
  const upstream = forward(
    target,
    { method: request.method, headers: { ...request.headers, host: target.host } },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => response.destroy());
  request.pipe(upstream);
}

function record(key: string | null): Seen {
  const name = key ?? '';
  let entry = seen.get(name);
  if (entry === undefined) {
    entry = { requests: 0, aborted: 0, bodyBytes: 0, pauses: 0 };
    seen.set(name, entry);
  }
  return entry;
}

function cors(request: IncomingMessage, response: ServerResponse): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  response.setHeader('Access-Control-Allow-Origin', origin);
  response.setHeader('Access-Control-Allow-Credentials', 'true');
  response.setHeader('Access-Control-Expose-Headers', EXPOSED);
  response.setHeader('Vary', 'Origin');
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  response.end(body);
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname.startsWith('/private/') && digestUpstream !== undefined)
    return proxy(request, response, digestUpstream);
  const key = url.searchParams.get('key');
  const entry = record(key);
  entry.requests++;
  response.on('close', () => {
    if (!response.writableFinished) entry.aborted++;
  });
  if (url.pathname !== '/no-cors') cors(request, response);
  if (request.method === 'OPTIONS') {
    response.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
    const asked = request.headers['access-control-request-headers'];
    if (asked) response.setHeader('Access-Control-Allow-Headers', asked);
    response.setHeader('Access-Control-Max-Age', '600');
    response.writeHead(204).end();
    return;
  }
  switch (url.pathname) {
    case '/json':
      return json(response, 200, { hello: 'world', n: [1, 2, 3] });
    case '/text': {
      const body = Buffer.from('héllo, wörld', 'utf8');
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
      return void response.end(body);
    }
    case '/bytes': {
      const size = Number(url.searchParams.get('size') ?? 256);
      const body = Buffer.alloc(size);
      for (let i = 0; i < size; i++) body[i] = i & 0xff;
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size });
      return void response.end(body);
    }
    case '/gzip': {
      const body = gzipSync(Buffer.from('compressed '.repeat(2000)));
      response.writeHead(200, {
        'Content-Type': 'text/plain',
        'Content-Encoding': 'gzip',
        'Content-Length': body.length,
      });
      return void response.end(body);
    }
    case '/stream': {
      // Five pieces of 20,000 bytes, 60 ms apart, the length declared.
      const pieces = Number(url.searchParams.get('pieces') ?? 5);
      const size = 20_000;
      response.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': pieces * size,
      });
      for (let i = 0; i < pieces && !response.destroyed; i++) {
        response.write(Buffer.alloc(size, 97 + i));
        await delay(60);
      }
      return void response.end();
    }
    case '/echo': {
      const body = await readBody(request);
      entry.bodyBytes += body.length;
      return json(response, 200, {
        method: request.method,
        contentType: request.headers['content-type'] ?? null,
        contentLength: request.headers['content-length'] ?? null,
        header: request.headers['x-echo'] ?? null,
        accept: request.headers.accept ?? null,
        cookie: request.headers.cookie ?? null,
        length: body.length,
        text: body.length <= 4096 ? body.toString('latin1') : null,
      });
    }
    case '/slow-upload': {
      // Reads the body slowly: pauses after each piece, so the browser sees the upload advance.
      let length = 0;
      request.on('data', (chunk: Buffer) => {
        length += chunk.length;
        request.pause();
        entry.pauses++;
        setTimeout(() => request.resume(), 15);
      });
      await new Promise((resolve) => request.on('end', resolve));
      entry.bodyBytes += length;
      return json(response, 200, { length });
    }
    case '/status': {
      const status = Number(url.searchParams.get('code') ?? 200);
      return json(response, status, { status });
    }
    case '/flaky': {
      // 503 for the first `fail` requests with this key, then 200.
      const fail = Number(url.searchParams.get('fail') ?? 1);
      response.setHeader('X-Attempt', String(entry.requests));
      if (entry.requests <= fail) return json(response, 503, { attempt: entry.requests });
      return json(response, 200, { attempt: entry.requests });
    }
    case '/redirect': {
      const to = url.searchParams.get('to') ?? '/json';
      response.writeHead(Number(url.searchParams.get('code') ?? 302), { Location: to, 'Content-Length': 0 });
      return void response.end();
    }
    case '/hang':
      // Never answers; the client's timeout or cancel ends it.
      return;
    case '/hang-body':
      // The head and a first piece, then nothing more.
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': 100_000 });
      response.write(Buffer.alloc(1000, 120));
      return;
    case '/no-cors':
      return json(response, 200, { visible: false });
    case '/seen':
      return json(
        response,
        200,
        seen.get(url.searchParams.get('of') ?? '') ?? record(url.searchParams.get('of')),
      );
    default:
      return json(response, 404, { error: `no route ${url.pathname}` });
  }
}

/** Starts the server on `port` (0: any free one); resolves with its origin, `http://127.0.0.1:PORT`. */
export function startApiServer(port = 0): Promise<{ origin: string; server: Server }> {
  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { error: String(error) });
      else response.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ origin: `http://127.0.0.1:${port}`, server });
    });
  });
}
