import type { Observable } from 'rxjs';
import type { Request } from '../models/request.ts';
import { whileOpen } from '../testing/app-closed.ts';
import { appKind, appSettings } from '../testing/app-options.ts';
import type { AppTransportOptions, FetchApp, NodeListener } from '../testing/app-transport.ts';
import { fetchAppEvents } from '../testing/fetch-app.ts';
import type { Transport, TransportEvent } from '../transports/transport.ts';
import { ListenerApp, type RequestListener } from './app-listener.ts';
import { createDecoder } from './decode.ts';

/**
 * A transport that calls an app in-process, without a socket, as httpx's
 * `Client(transport=ASGITransport(app))` / `WSGITransport(app)`:
 * `new Client({ transport: new AppTransport(app), baseUrl: 'http://app.test' })`. The app is a
 * Node `(req, res)` listener (node:http, Express, Koa's `app.callback()`) or an object with a
 * `fetch(request)` method (Hono and the other fetch-handler frameworks).
 *
 * A listener is served by Node's own HTTP server over an in-memory connection per request,
 * and the client's side is the Node pool's own exchange over undici: the app gets what a
 * network would give it (`req.url`, headers, a streamed body, `req.socket.remoteAddress`,
 * `'close'` when the client goes away), and the client gets what it would get from a server
 * (progress, chunked and Content-Length framing, decoding, the same errors). A fetch app is
 * called with a fetch `Request` whose body streams as the app reads it, and its `Response`
 * body streams back as it is written; unsubscribing aborts its `request.signal`.
 *
 * After `close()`, a request fails with `ClientClosed` and the app is not called; requests
 * under way go on to their end.
 * @example
 * const app = express().get('/users/:id', (req, res) => res.json({ id: req.params.id }));
 * const client = new Client({ transport: new AppTransport(app), baseUrl: 'http://app.test' });
 * client.get('/users/1').pipe(json()).subscribe(console.log); // { id: '1' }
 */
export class AppTransport implements Transport {
  readonly #serve: (request: Request) => Observable<TransportEvent>;
  #closed = false;

  /**
   * Throws a `TypeError` for an app that is neither a function nor an object with a `fetch`
   * method, an unknown option or a value of the wrong kind.
   */
  constructor(app: NodeListener | FetchApp, options: AppTransportOptions = {}) {
    const kind = appKind(app);
    const settings = appSettings(options);
    if (kind === 'listener') {
      const listener = new ListenerApp(app as unknown as RequestListener, settings);
      this.#serve = (request) => listener.events(request);
    } else {
      const fetchApp = app as FetchApp;
      // The pool's own decoder: gzip, deflate, br and zstd, as for a response from the network.
      this.#serve = (request) => fetchAppEvents(fetchApp, settings, createDecoder, request);
    }
  }

  handle(request: Request): Observable<TransportEvent> {
    return whileOpen(() => this.#closed, this.#serve, request);
  }

  /** Refuses new requests; requests under way go on to their end. */
  async close(): Promise<void> {
    this.#closed = true;
  }
}
