import type { Duplex } from 'node:stream';
import type { Subscriber } from 'rxjs';
import { Client, type Dispatcher } from 'undici';
import type { Request } from '../models/request.ts';
import type { HttpVersion } from '../models/response-init.ts';
import type { AppSettings } from '../testing/app-options.ts';
import type { SlotWaiter } from '../transports/slots.ts';
import type { ConnectedEvent, TransportEvent } from '../transports/transport.ts';
import { type AppPeer, appSocketPair } from './app-socket.ts';
import type { ExchangeHost, HeldHandler } from './exchange-host.ts';
import { CONNECTED, type ConnectionOwner } from './new-connections.ts';
import { isOddTarget, placeholderPath, restoreTargets } from './odd-target.ts';
import { dispatchOptions } from './wire-headers.ts';

/** Where the app's end of a new connection goes: the app's never-listening `http.Server`. */
export type AcceptConnection = (socket: Duplex, connection: AppConnection) => void;

/** undici's own timers are off, as in the pool: the client's phase timeouts decide. */
const NO_TIMERS = { headersTimeout: 0, bodyTimeout: 0 } as const;

/**
 * One request to a Node listener, on a connection of its own: an undici `Client` whose
 * `connect` hands it one end of an in-memory pair, the app's `http.Server` taking the other.
 * It is the host of the pool's own `Exchange` (so progress, framing, decoding and error
 * translation are the network's), with one connection and no queue: the connection is its
 * request's alone, which is how a thrown app error finds the request it belongs to. The
 * connection ends gracefully with its response, and is destroyed with a failed or cancelled one.
 */
export class AppConnection implements ExchangeHost {
  readonly request: Request;
  readonly subscriber: Subscriber<TransportEvent>;
  readonly settings: AppSettings;
  /** The request target as the client sent it, before the root path was taken off. */
  readonly originalTarget: string;
  readonly #target: string;
  readonly #accept: AcceptConnection;
  #client: Client | null = null;
  #opened = 0;

  constructor(
    request: Request,
    subscriber: Subscriber<TransportEvent>,
    settings: AppSettings,
    mountedTarget: string,
    accept: AcceptConnection,
  ) {
    this.request = request;
    this.subscriber = subscriber;
    this.settings = settings;
    this.originalTarget = request.target;
    this.#target = mountedTarget;
    this.#accept = accept;
  }

  /** Closing the transport refuses new requests before they get here: this one goes on. */
  get closed(): boolean {
    return false;
  }

  get connectionsOpened(): number {
    return this.#opened;
  }

  acquire(_exchange: SlotWaiter): boolean {
    return true;
  }

  withdraw(_exchange: SlotWaiter): void {}

  release(): void {}

  dispatchOptions(request: Request): Dispatcher.DispatchOptions {
    return dispatchOptions(request, false);
  }

  waitForSocket(_origin: string): void {}

  socketWaitEnded(_origin: string, _cancelled: boolean): void {}

  responseEnded(_origin: string): void {
    // After the response: undici ends the connection once it is done with it.
    this.#client?.close().catch(() => {});
  }

  /** Node's own HTTP server on the in-memory connection speaks HTTP/1.1. */
  httpVersion(_origin: string | null): HttpVersion {
    return 'HTTP/1.1';
  }

  dispatchAborted(_origin: string): void {
    this.dispose();
  }

  /** An in-memory connection has no steps to time: its opening is the request's `wait`. */
  connectedEvent(_events: ConnectionOwner): ConnectedEvent {
    return CONNECTED;
  }

  dispatch(options: Dispatcher.DispatchOptions, handler: HeldHandler): void {
    const odd = isOddTarget(this.#target);
    const peer: AppPeer = {
      remoteAddr: this.settings.remoteAddr,
      encrypted: this.request.url.protocol === 'https:',
    };
    this.#client = new Client(String(options.origin), {
      ...NO_TIMERS,
      connect: (_target, callback) => {
        const { client, app } = appSocketPair(peer);
        if (odd) restoreTargets(client);
        this.#opened++;
        this.#accept(app, this);
        // Later, as a real connect is: undici is still setting up the connection when it asks.
        queueMicrotask(() => callback(null, client));
      },
    });
    this.#client.dispatch({ ...options, path: odd ? placeholderPath(this.#target) : this.#target }, handler);
  }

  /** Destroys the connection, if it is still open: the app sees its request and response close. */
  dispose(): void {
    const client = this.#client;
    if (client !== null && !client.destroyed) client.destroy().catch(() => {});
  }
}
