import http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { selfSignedPem } from './certs.ts';

export type H2Handler = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void;

/**
 * A node:http2 TLS server on 127.0.0.1 (port 0), HTTP/1.1 allowed beside h2 unless told
 * otherwise, that counts what the transport cannot hide: TCP connections, h2 sessions, the
 * protocol ALPN chose on each connection and the protocols each client offered.
 */
export interface H2Server {
  /** `https://127.0.0.1:<port>` */
  readonly origin: string;
  /** TCP connections accepted. */
  readonly connections: number;
  /** HTTP/2 sessions begun (one per h2 connection). */
  readonly sessions: number;
  /** The protocol ALPN chose, per TLS connection, in order (`false` when none). */
  readonly negotiated: ReadonlyArray<string | false>;
  /** Every request's `httpVersion` and path, in arrival order: `2.0 /a`. */
  readonly requests: string[];
  /** The h2 sessions, newest last. */
  readonly sessionList: readonly http2.ServerHttp2Session[];
  close(): Promise<void>;
}

const pem = selfSignedPem('localhost');

/** Starts one; `allowHTTP1: false` makes an h2-only server. */
export async function startH2Server(handler: H2Handler, { allowHTTP1 = true } = {}): Promise<H2Server> {
  const sockets = new Set<Socket>();
  const sessionList: http2.ServerHttp2Session[] = [];
  const negotiated: Array<string | false> = [];
  const requests: string[] = [];
  let connections = 0;
  const server = http2.createSecureServer({ ...pem, allowHTTP1 }, (req, res) => {
    requests.push(`${req.httpVersion} ${req.url}`);
    handler(req, res);
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: TLSSocket) => negotiated.push(socket.alpnProtocol ?? false));
  server.on('session', (session: http2.ServerHttp2Session) => sessionList.push(session));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    get sessions() {
      return sessionList.length;
    },
    negotiated,
    requests,
    sessionList,
    close() {
      for (const session of sessionList) session.destroy();
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
