import { createServer, type Socket } from 'node:net';

/** A raw TCP server on 127.0.0.1 for specs that must see or send bytes no HTTP server would. */
export interface RawServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Connections accepted since the start or the last `reset()`. */
  readonly connections: number;
  /** Every byte received since the start or the last `reset()`, as latin1 text. */
  readonly received: string;
  reset(): void;
  /** Destroys the open sockets and closes the server. */
  close(): Promise<void>;
}

/**
 * Starts a raw server that calls `onHead(socket, n)` for the n-th complete request head
 * (counted per connection, from 1) that arrives on a socket; a body is not told apart from the
 * next head, so it suits bodiless requests.
 */
export async function startRawServer(
  onHead: (socket: Socket, n: number) => void | Promise<void>,
): Promise<RawServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let received = '';
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = '';
    let heads = 0;
    // Heads are answered one after another, even when the answer takes its time.
    let answered = Promise.resolve();
    socket.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      received += text;
      pending += text;
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1; end = pending.indexOf('\r\n\r\n')) {
        pending = pending.slice(end + 4);
        const n = ++heads;
        answered = answered.then(() => onHead(socket, n));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    get received() {
      return received;
    },
    reset() {
      connections = 0;
      received = '';
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
