import type { Observable } from 'rxjs';
import type { Request } from '../models/request.ts';
import type { Transport, TransportEvent } from '../transports/transport.ts';
import { whileOpen } from './app-closed.ts';
import { type AppSettings, appKind, appSettings } from './app-options.ts';
import { fetchAppEvents } from './fetch-app.ts';
import { streamDecoders } from './fetch-app-decode.ts';

/**
 * A Node `(req, res)` request listener, as `http.createServer(listener)` takes: a plain
 * node:http listener, an Express app, Koa's `app.callback()`. Typed without Node's types (any
 * function of two parameters fits), so that code without `@types/node` can name it; only
 * `httprx/testing` on Node can run one.
 */
export type NodeListener = (request: never, response: never) => unknown;

/**
 * An app with a `fetch(request)` method that answers a fetch `Request` with a fetch `Response`:
 * Hono and the other fetch-handler frameworks. The second argument holds the platform's
 * bindings (Hono's `c.env`): here `{ remoteAddr }`.
 */
export interface FetchApp {
  fetch(
    request: globalThis.Request,
    env: { remoteAddr: string },
  ): globalThis.Response | Promise<globalThis.Response>;
}

export interface AppTransportOptions {
  /**
   * What an app that fails does to the request. `true`: the request fails with the app's own
   * error (it threw, its Promise rejected, or its response body stream failed), as httpx's
   * `raise_app_exceptions`. `false`: the client gets what a server would send, a
   * `500 Internal Server Error` response, or, when the app's response had begun, a
   * `RemoteProtocolError` (the connection cut short). A framework that catches its own errors
   * (Express, Koa, Hono's `onError`) answers with its own 500 either way.
   * @default true
   */
  raiseAppExceptions?: boolean;
  /**
   * The path the app is mounted under, as WSGI's `SCRIPT_NAME`: with `'/api'`, a request to
   * `/api/users?q=1` reaches a listener as `req.url` `/users?q=1` (Express's `req.originalUrl`
   * keeps `/api/users?q=1`) and a fetch app with the URL path `/users`; `/api` alone is `/`.
   * A request whose path is not under it gets a `404` without calling the app. It starts with
   * `/` and does not end with one.
   * @default '' (the app is at the root)
   * @example new AppTransport(app, { rootPath: '/api' })
   */
  rootPath?: string;
  /**
   * The client's address as the app sees it: a listener's `req.socket.remoteAddress` (and so
   * Express's `req.ip`), a fetch app's second argument `{ remoteAddr }` (Hono's `c.env.remoteAddr`).
   * @default '127.0.0.1'
   */
  remoteAddr?: string;
}

/**
 * A transport that calls an app in-process, without a socket, as httpx's
 * `Client(transport=ASGITransport(app))`: `new Client({ transport: new AppTransport(app), baseUrl: 'http://app.test' })`.
 * Both ways stream: the request body reaches the app as it reads it (`upload` progress), and
 * the response reaches the client as the app writes it (`chunk` and `download` events, decoded
 * as its `Content-Encoding` says). Unsubscribing aborts: a fetch app's `request.signal` aborts
 * and the body it is writing is cancelled.
 *
 * This one serves fetch apps (`{ fetch(request) }`: Hono and the like) on every platform; on
 * Node, `httprx/testing`'s `AppTransport` also runs Node `(req, res)` listeners (node:http,
 * Express, Koa). After `close()`, a request fails with `ClientClosed` and the app is not
 * called; requests under way go on to their end.
 * @example
 * const app = new Hono().get('/users/:id', (c) => c.json({ id: c.req.param('id') }));
 * const client = new Client({ transport: new AppTransport(app), baseUrl: 'http://app.test' });
 * client.get('/users/1').pipe(json()).subscribe(console.log); // { id: '1' }
 */
export class AppTransport implements Transport {
  readonly #serve: (request: Request) => Observable<TransportEvent>;
  #closed = false;

  /**
   * Throws a `TypeError` for an app that is neither a function nor an object with a `fetch`
   * method, a Node listener (it needs Node), an unknown option or a value of the wrong kind.
   */
  constructor(app: NodeListener | FetchApp, options: AppTransportOptions = {}) {
    const kind = appKind(app);
    const settings: AppSettings = appSettings(options);
    if (kind === 'listener')
      throw new TypeError(
        "new AppTransport(app) was given a function, a Node (req, res) listener: running one needs Node (import { AppTransport } from 'httprx/testing' on Node); in a browser, give an app with a fetch(request) method, such as a Hono app",
      );
    const fetchApp = app as FetchApp;
    this.#serve = (request) => fetchAppEvents(fetchApp, settings, streamDecoders, request);
  }

  handle(request: Request): Observable<TransportEvent> {
    return whileOpen(() => this.#closed, this.#serve, request);
  }

  /** Refuses new requests; requests under way go on to their end. */
  async close(): Promise<void> {
    this.#closed = true;
  }
}
