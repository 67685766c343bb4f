import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';

/** undici's connector as it really is: it returns the socket it is opening. */
type Opener = (options: buildConnector.Options, callback: buildConnector.Callback) => unknown;

/**
 * Connections still being opened, by origin, and how many dispatched requests wait for a
 * connection there. undici opens a connection for its queue, not for one request, and a
 * request cancelled before it got a connection stays queued until one is ready: a connect
 * (or TLS handshake) that hangs would hold the socket, and `close()`, for ever. So when the
 * last request waiting for a connection to an origin gives up, the sockets still opening
 * for it are destroyed. undici then opens a new one for the cancelled requests still in its
 * queue (and would again after each failure): until a request waits there again, such an
 * attempt is refused before it connects, which fails those requests and empties the queue.
 */
export class ConnectAttempts {
  readonly #opening = new Map<string, Set<Socket>>();
  readonly #waiting = new Map<string, number>();
  /** Origins whose last waiting request was cancelled, until another one waits there. */
  readonly #abandoned = new Set<string>();

  /**
   * Wraps a connector so the sockets it is opening are known until they open or fail;
   * `onOpen` hears of each socket that opened, with its origin.
   */
  watch(
    connect: buildConnector.connector,
    onOpen?: (origin: string, socket: Socket) => void,
  ): buildConnector.connector {
    return (options, callback) => {
      const origin = `${options.protocol}//${options.host ?? options.hostname}`;
      if (this.#abandoned.has(origin)) {
        // Asynchronously, as a connect fails: undici is still inside its connect call.
        queueMicrotask(() => callback(abandoned(), null));
        return;
      }
      let settled = false;
      let socket: Socket | undefined;
      const opened = (connect as Opener)(options, (...args) => {
        settled = true;
        if (socket) this.#forget(origin, socket);
        const [error, open] = args;
        if (!error && open) onOpen?.(origin, open as Socket);
        callback(...args);
      });
      if (settled || !isSocket(opened)) return;
      socket = opened;
      const sockets = this.#opening.get(origin) ?? new Set<Socket>();
      this.#opening.set(origin, sockets.add(socket));
    };
  }

  /** A request was handed to undici and waits for a connection to `origin`. */
  wait(origin: string): void {
    this.#abandoned.delete(origin);
    this.#waiting.set(origin, (this.#waiting.get(origin) ?? 0) + 1);
  }

  /**
   * A request stopped waiting for a connection to `origin`: it got one, failed, or was
   * `cancelled`. When it was the last one and it was cancelled, connections still opening
   * there serve nobody and are destroyed.
   */
  done(origin: string, cancelled: boolean): void {
    const left = (this.#waiting.get(origin) ?? 1) - 1;
    if (left > 0) {
      this.#waiting.set(origin, left);
      return;
    }
    this.#waiting.delete(origin);
    if (!cancelled) return;
    this.#abandoned.add(origin);
    const sockets = this.#opening.get(origin);
    if (!sockets) return;
    this.#opening.delete(origin);
    // With an error: undici hears of a failed connect only through 'error'.
    for (const socket of sockets) socket.destroy(abandoned());
  }

  #forget(origin: string, socket: Socket): void {
    const sockets = this.#opening.get(origin);
    if (!sockets?.delete(socket) || sockets.size > 0) return;
    this.#opening.delete(origin);
  }
}

function abandoned(): Error {
  return new Error('Connection abandoned: its requests were cancelled');
}

function isSocket(value: unknown): value is Socket {
  return typeof value === 'object' && value !== null && typeof (value as Socket).destroy === 'function';
}
