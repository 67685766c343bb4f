import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/** What the server saw of one request: its line, raw headers and body bytes. */
export interface SeenRequest {
  method: string;
  url: string;
  /** `[name, value, name, value, …]` with the casing and order of the wire. */
  rawHeaders: string[];
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A node:http server on 127.0.0.1 with an ephemeral port, counting its sockets. */
export interface TestServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  readonly server: http.Server;
  /** Sockets accepted so far. */
  readonly connections: number;
  /** Accepted sockets that have closed since. */
  readonly closedSockets: number;
  /** Accepted sockets still open. */
  readonly openSockets: number;
  /** Waits (at most `limitMs`) until `predicate` holds; resolves either way, so the caller asserts. */
  settle(predicate: () => boolean, limitMs?: number): Promise<void>;
  /** Stops listening and destroys every socket still open. */
  close(): Promise<void>;
}

/** Starts a server; `handler` answers every request. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let closedSockets = 0;
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => {
      closedSockets++;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    port,
    server,
    get connections() {
      return connections;
    },
    get closedSockets() {
      return closedSockets;
    },
    get openSockets() {
      return sockets.size;
    },
    async settle(predicate, limitMs = 2000) {
      for (let waited = 0; !predicate() && waited < limitMs; waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/** Reads a request body to the end. */
export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/**
 * A server that records every request (line, raw headers, body) and answers 200 with `reply`
 * (by default the body it received, echoed).
 */
export async function startRecordingServer(
  reply?: (seen: SeenRequest, res: http.ServerResponse) => void,
): Promise<TestServer & { readonly requests: SeenRequest[] }> {
  const requests: SeenRequest[] = [];
  const server = await startServer(async (req, res) => {
    const seen: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      rawHeaders: req.rawHeaders,
      headers: req.headers,
      body: await readBody(req),
    };
    requests.push(seen);
    if (reply) reply(seen, res);
    else res.end(seen.body);
  });
  return Object.assign(server, { requests }) as TestServer & { readonly requests: SeenRequest[] };
}

/** A port nothing listens on: one a server has just given back. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The raw header names, in wire order. */
export function headerNames(rawHeaders: readonly string[]): string[] {
  return rawHeaders.filter((_, i) => i % 2 === 0);
}
