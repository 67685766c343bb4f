import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';

/** One TLS connection as the server saw it. */
export interface SeenConnection {
  /** The CN of the client certificate presented, or null for none. */
  readonly peer: string | null;
  /** Decrypted bytes received on it: request bytes the client sent after the handshake. */
  bytes: number;
  /** The `x-who` header of each request that came on it, in order. */
  readonly who: string[];
}

/** A node:tls server on 127.0.0.1 speaking just enough HTTP/1.1 to answer `200 ok`. */
export interface TlsRecorder {
  /** `https://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  /** TCP connections accepted. */
  readonly accepted: number;
  /** Connections whose handshake finished on the server's side, in order. */
  readonly connections: readonly SeenConnection[];
  /** Decrypted bytes over every connection. */
  readonly bytes: number;
  /** Sockets open now (TCP, whether or not their handshake finished). */
  readonly open: number;
  close(): Promise<void>;
}

/**
 * Serves `cert`/`key` (PEM paths); a client certificate signed by `clientCa` is asked for but
 * optional, and any presented is recorded whether it verifies or not. Each complete request head
 * gets `200` with the connection's index as its body, on a keep-alive connection.
 */
export async function startTlsRecorder(files: {
  cert: string;
  key: string;
  clientCa?: string;
}): Promise<TlsRecorder> {
  const connections: SeenConnection[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = tls.createServer({
    cert: readFileSync(files.cert),
    key: readFileSync(files.key),
    requestCert: true,
    rejectUnauthorized: false,
    ...(files.clientCa === undefined ? {} : { ca: readFileSync(files.clientCa) }),
  });
  server.on('connection', (socket: Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A client that gives up mid-handshake resets the socket: nothing to report.
    socket.on('error', () => {});
  });
  server.on('tlsClientError', () => {});
  server.on('secureConnection', (socket: TLSSocket) => {
    const peer = socket.getPeerCertificate();
    const seen: SeenConnection = {
      peer: (peer?.subject?.CN as string | undefined) ?? null,
      bytes: 0,
      who: [],
    };
    const index = connections.push(seen) - 1;
    socket.on('error', () => {});
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      seen.bytes += chunk.length;
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        seen.who.push(/^x-who: *(.*)$/im.exec(head)?.[1]?.trim() ?? '');
        const body = String(index);
        socket.write(
          `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body}`,
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/`,
    port,
    get accepted() {
      return accepted;
    },
    connections,
    get bytes() {
      return connections.reduce((sum, c) => sum + c.bytes, 0);
    },
    get open() {
      return sockets.size;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
