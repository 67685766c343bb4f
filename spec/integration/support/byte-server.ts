import { createServer, type Socket } from 'node:net';

/** A raw server that records every byte it receives and answers each request head with `answer`. */
export interface ByteServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Every byte received so far, as latin1 text. */
  readonly received: string;
  /** The request heads received so far (up to the blank line), in order. */
  readonly heads: string[];
  close(): Promise<void>;
}

/**
 * `answer(head)` gives the whole response for one request head (`Content-Length` framed, so the
 * connection can be reused); a request body is read as the bytes its `Content-Length` declares.
 */
export async function startByteServer(answer: (head: string) => string): Promise<ByteServer> {
  const sockets = new Set<Socket>();
  const heads: string[] = [];
  let connections = 0;
  let received = '';
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = '';
    let bodyLeft = 0;
    socket.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      received += text;
      pending += text;
      for (;;) {
        if (bodyLeft > 0) {
          const taken = Math.min(bodyLeft, pending.length);
          pending = pending.slice(taken);
          bodyLeft -= taken;
          if (bodyLeft > 0) return;
        }
        const end = pending.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        heads.push(head);
        bodyLeft = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        socket.write(answer(head));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return connections;
    },
    get received() {
      return received;
    },
    heads,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A response with a text body. */
export function ok(body = 'ok', extra = ''): string {
  return `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;
}

/** A 302 to `location`. */
export function found(location: string): string {
  return `HTTP/1.1 302 Found\r\nLocation: ${location}\r\nContent-Length: 0\r\n\r\n`;
}

/** The request target of a head: `GET /x HTTP/1.1` → `/x`. */
export function targetOf(head: string): string {
  return head.slice(head.indexOf(' ') + 1, head.indexOf(' HTTP/'));
}
