import { type IncomingMessage, Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Observable } from 'rxjs';
import type { Request } from '../models/request.ts';
import type { AppSettings } from '../testing/app-options.ts';
import { mountedTarget, outsideRootPath } from '../testing/app-root-path.ts';
import { playResponse } from '../transports/play-response.ts';
import type { TransportEvent } from '../transports/transport.ts';
import { AppConnection } from './app-connection.ts';
import { Exchange } from './exchange.ts';

/** A Node request listener, as `http.createServer()` takes it. */
export type RequestListener = (request: IncomingMessage, response: ServerResponse) => unknown;

const SERVER_ERROR = 'Internal Server Error';

/**
 * A Node `(req, res)` listener served through Node's own HTTP server, which never listens: each
 * request comes on an in-memory connection of its own (see {@link AppConnection}), so the app
 * sees exactly what a network would give it (parsed head, streamed body, `'close'` when the
 * client goes away) and its response is framed as on the wire.
 */
export class ListenerApp {
  readonly #listener: RequestListener;
  readonly #settings: AppSettings;
  /** The app's end of each connection, and the request it carries. */
  readonly #connections = new WeakMap<Duplex, AppConnection>();
  readonly #server: Server;

  constructor(listener: RequestListener, settings: AppSettings) {
    this.#listener = listener;
    this.#settings = settings;
    this.#server = new Server((req, res) => this.#serve(req, res));
  }

  events(request: Request): Observable<TransportEvent> {
    return new Observable<TransportEvent>((subscriber) => {
      const { rootPath } = this.#settings;
      const target = mountedTarget(rootPath, request.target);
      if (target === null) {
        subscriber.next({ type: 'connected' });
        playResponse(subscriber, request, outsideRootPath(rootPath, request.url.pathname));
        return;
      }
      const connection = new AppConnection(request, subscriber, this.#settings, target, this.#accept);
      const exchange = new Exchange(connection, request, subscriber);
      exchange.start();
      return () => {
        exchange.unsubscribe();
        connection.dispose();
      };
    });
  }

  readonly #accept = (socket: Duplex, connection: AppConnection): void => {
    this.#connections.set(socket, connection);
    this.#server.emit('connection', socket);
  };

  #serve(req: IncomingMessage, res: ServerResponse): void {
    const connection = this.#connections.get(req.socket);
    if (connection === undefined) {
      res.destroy();
      return;
    }
    // As Express's own mounting does: the path the client asked for stays at hand.
    if (connection.originalTarget !== req.url)
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = connection.originalTarget;
    let result: unknown;
    try {
      result = this.#listener(req, res);
    } catch (error) {
      this.#failed(connection, res, error);
      return;
    }
    if (isPromiseLike(result))
      result.then(undefined, (error: unknown) => this.#failed(connection, res, error));
  }

  /**
   * The listener threw or its Promise rejected. `raiseAppExceptions`: the request fails with
   * that very error (unless it is over already). Else what a server does: a `500` when nothing
   * was sent yet, the connection ended early when the response had begun.
   */
  #failed(connection: AppConnection, res: ServerResponse, error: unknown): void {
    if (this.#settings.raiseAppExceptions) {
      if (!connection.subscriber.closed) connection.subscriber.error(error);
      return;
    }
    if (res.destroyed) return;
    if (res.headersSent) {
      // What a crashed server does: what it wrote still arrives, then the connection ends early.
      const socket = res.socket;
      if (socket) socket.end();
      else res.destroy();
      return;
    }
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.writeHead(500, SERVER_ERROR, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(SERVER_ERROR.length),
    });
    res.end(SERVER_ERROR);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
