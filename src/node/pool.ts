import type { Socket } from 'node:net';
import { Observable, throwError } from 'rxjs';
import { Agent, type buildConnector, type Dispatcher } from 'undici';
import type { Request } from '../models/request.ts';
import type { HttpVersion } from '../models/response-init.ts';
import type { Limits } from '../options.ts';
import { Slots, type SlotWaiter } from '../transports/slots.ts';
import type { ConnectedEvent, PoolCounts, Transport, TransportEvent } from '../transports/transport.ts';
import { ConnectAttempts } from './connect-attempts.ts';
import { watchedConnector } from './connector.ts';
import { Exchange } from './exchange.ts';
import type { HeldHandler } from './exchange-host.ts';
import { forwardedOptions } from './forward-proxy.ts';
import { type HttpVersions, notForH2 } from './http-versions.ts';
import { type ConnectionOwner, NewConnections } from './new-connections.ts';
import { isOddTarget, placeholderPath, restoreTargets } from './odd-target.ts';
import { OriginProtocols } from './origin-protocols.ts';
import { type ConnectionPoolOptions, poolSettings } from './pool-options.ts';
import type { ProxySettings } from './proxy.ts';
import { ReuseGate } from './reuse-gate.ts';
import { skipUnsolicitedContinue } from './skip-continue.ts';
import type { PoolTls } from './tls.ts';
import { dispatchOptions } from './wire-headers.ts';

export type { ConnectionPoolOptions } from './pool-options.ts';

/** undici's connect timeout is off: the phase timeouts above the transport bound it. */
const CONNECT = { timeout: 0 };
/** Odd request targets are written into HTTP/1.1 request lines (see odd-target.ts). */
const HTTP1_ONLY: HttpVersions = { http1: true, http2: false };

/**
 * The Node transport: one undici `Agent` (a pool per origin) shared by every request of a
 * client, driven through `dispatch()`. `limits.maxConnections` caps both the requests in flight
 * over the whole pool and the sockets to any one origin.
 *
 * It keeps no timers of its own (undici's connect, headers and body timeouts are off): it tells
 * the phase timeouts where a request is (`queued`, `connecting`, `connected`, `written`, then
 * the response events), and `timeouts()` above it decides. A `Client` composes that for you;
 * a bare pool waits as long as it takes.
 */
export class ConnectionPool implements Transport {
  readonly limits: Limits;
  /** The HTTP versions it may speak: the `http1` and `http2` options, defaults filled in. */
  readonly httpVersions: { readonly http1: boolean; readonly http2: boolean };
  /** The proxy every request goes through, if any. */
  readonly proxy: ProxySettings | undefined;
  readonly #agent: Agent;
  readonly #agentOptions: Agent.Options;
  /** One secure context for every TLS connection of the pool, both agents included. */
  readonly #tls: PoolTls;
  readonly #attempts = new ConnectAttempts();
  readonly #gate = new ReuseGate();
  readonly #protocols = new OriginProtocols();
  /** Which request each new connection is for (for `timings`). */
  readonly #connections = new NewConnections();
  #oddAgent: Agent | undefined;
  #connectionsOpened = 0;
  /** Sockets open now, busy or idle (counted by the connector, until each closes). */
  #open = 0;
  /** The socket that last had bytes to read: the one a response that just ended came on. */
  #reading: Socket | undefined;
  /** Idle sockets closed by the keep-alive cap, already taken off `#open`. */
  readonly #trimmed = new WeakSet<Socket>();
  readonly #slots: Slots;
  #closing: Promise<void> | undefined;

  constructor(options: ConnectionPoolOptions = {}) {
    const settings = poolSettings(options);
    this.limits = settings.limits;
    this.httpVersions = settings.httpVersions;
    this.proxy = settings.proxy;
    this.#tls = settings.tls;
    this.#agentOptions = settings.agent;
    this.#slots = new Slots(this.limits.maxConnections);
    this.#agent = new Agent({
      ...this.#agentOptions,
      connect: this.#connector(this.httpVersions, this.#counted),
    });
  }

  /**
   * A connector for one of the pool's agents: its sockets counted (`onSocket`), its attempts
   * abandoned with their requests, and its new connections told to the request they are for.
   */
  #connector(
    versions: HttpVersions,
    onSocket: (socket: Socket) => void,
    onOpen: (origin: string, socket: Socket) => void = this.#opened,
  ): buildConnector.connector {
    const connector = watchedConnector(this.#tls, CONNECT, versions, onSocket, this.proxy);
    return this.#attempts.watch(this.#connections.watch(connector, this.proxy !== undefined), onOpen);
  }

  readonly #opened = (origin: string, socket: Socket): void => {
    this.#gate.opened(origin);
    this.#protocols.opened(origin, socket);
    socket.once('close', () => this.#gate.closed(origin));
  };

  readonly #read = (socket: Socket): void => {
    this.#reading = socket;
  };

  readonly #counted = (socket: Socket): void => {
    // Its reads say which socket a response that is ending came on (see responseEnded).
    skipUnsolicitedContinue(socket, this.#read);
    this.#connectionsOpened++;
    this.#open++;
    socket.once('close', () => {
      if (!this.#trimmed.has(socket)) this.#open--;
    });
  };

  get connectionsOpened(): number {
    return this.#connectionsOpened;
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  handle(request: Request): Observable<TransportEvent> {
    const refused = this.httpVersions.http1 ? undefined : notForH2(request);
    if (refused !== undefined) return throwError(() => refused);
    return new Observable<TransportEvent>((subscriber) => {
      const exchange = new Exchange(this, request, subscriber);
      exchange.start();
      return exchange;
    });
  }

  /**
   * Sockets busy with a request, and sockets open but idle, over every origin. undici's stats
   * say how many requests run on an HTTP/1.1 origin's sockets, not on an h2 one's: there an h2
   * connection is busy while it carries a request (the requests in flight to the origin, each
   * connection beyond the first opened only when the others had no stream left).
   */
  counts(): PoolCounts {
    let active = 0;
    let idle = 0;
    for (const agent of [this.#agent, this.#oddAgent]) {
      if (agent === undefined) continue;
      for (const [origin, stats] of Object.entries(agent.stats)) {
        const connected = Number(stats.connected);
        const h2 = agent === this.#agent && this.#protocols.of(origin) === 'HTTP/2';
        const busy = Math.min(h2 ? this.#gate.busy(origin) : stats.running, connected);
        active += busy;
        idle += Math.max(0, connected - busy);
      }
    }
    return { active, idle };
  }

  /** Closes idle connections, waits for requests in flight, and refuses new ones. */
  close(): Promise<void> {
    this.#closing ??= Promise.all([this.#agent.close(), this.#oddAgent?.close()]).then(() => {});
    return this.#closing;
  }

  toString(): string {
    const { active, idle } = this.counts();
    const via = this.proxy === undefined ? '' : ` via ${this.proxy.url.href}`;
    return `<ConnectionPool${via} [${active} active, ${idle} idle]>`;
  }

  // What this pool's exchanges need (ExchangeHost, checked where `new Exchange(this, …)` is
  // called): internal, so the .d.ts leaves them out, and the class does not claim to
  // implement ExchangeHost there, which the declarations would then no longer satisfy.

  /** @internal */
  acquire(exchange: SlotWaiter): boolean {
    return this.#slots.acquire(exchange);
  }

  /** @internal */
  withdraw(exchange: SlotWaiter): void {
    this.#slots.withdraw(exchange);
  }

  /** @internal */
  release(): void {
    this.#slots.release();
  }

  /** @internal */
  waitForSocket(origin: string): void {
    this.#attempts.wait(origin);
  }

  /** @internal */
  socketWaitEnded(origin: string, cancelled: boolean): void {
    this.#attempts.done(origin, cancelled);
  }

  /**
   * What undici's `dispatch()` takes for `request`; a request forwarded through the proxy goes
   * to the proxy's origin. Every connection closes after its request with `keepaliveExpiry: 0`.
   * @internal
   */
  dispatchOptions(request: Request): Dispatcher.DispatchOptions {
    const options = dispatchOptions(request, this.limits.keepaliveExpiry === 0);
    const proxy = this.proxy;
    return proxy?.forwards(String(options.origin)) ? forwardedOptions(options, proxy) : options;
  }

  /**
   * httpx keeps at most `maxKeepaliveConnections` idle: a connection freed while no request
   * waits and the others in flight leave that many idle is closed; one freed under load is
   * reused at once. The response just ended was read from the socket that last became
   * readable, so that is the one to close (after undici has finished with it, before it could
   * take the next request: undici waits a full event-loop turn before reusing a socket).
   * @internal
   */
  responseEnded(origin: string): void {
    this.#gate.ended(origin, true);
    const max = this.limits.maxKeepaliveConnections;
    const socket = this.#reading;
    if (max === null || socket === undefined || this.#slots.waiting > 0) return;
    // An h2 connection is shared by the origin's requests (and its reads are not seen): only a
    // response known to have come over HTTP/1.1 frees a connection of its own.
    if (this.#protocols.of(origin) !== 'HTTP/1.1') return;
    if (this.#open - (this.#slots.used - 1) <= max) return;
    // Counted as gone at once, so a response ending later in this turn decides on the rest.
    this.#trimmed.add(socket);
    this.#open--;
    queueMicrotask(() => socket.destroy());
  }

  /** @internal The version `origin`'s open connections speak, when they all speak one. */
  httpVersion(origin: string | null): HttpVersion | undefined {
    return origin === null ? undefined : this.#protocols.of(origin);
  }

  /** @internal A request handed to undici failed or was cancelled before its response ended. */
  dispatchAborted(origin: string): void {
    this.#gate.ended(origin, false);
  }

  /**
   * Hands a request to undici, or holds it to the end of the turn when a connection to its
   * origin just freed and no other is idle (see {@link ReuseGate}): it then rides that one.
   * @internal
   */
  dispatch(options: Dispatcher.DispatchOptions, handler: HeldHandler, events: ConnectionOwner): void {
    const origin = String(options.origin);
    // Under h2 every request rides the origin's one connection: nothing to hold back for.
    if (this.#gate.mayGo(origin) || this.#protocols.of(origin) === 'HTTP/2')
      this.#send(origin, options, handler, events);
    else this.#gate.hold(() => handler.settled || this.#send(origin, options, handler, events));
  }

  /** @internal */
  connectedEvent(events: ConnectionOwner): ConnectedEvent {
    return this.#connections.connectedEvent(events);
  }

  #send(
    origin: string,
    options: Dispatcher.DispatchOptions,
    handler: HeldHandler,
    events: ConnectionOwner,
  ): void {
    this.#gate.started(origin);
    // A connection undici opens while dispatching is for this request (NewConnections).
    this.#connections.dispatching(events);
    try {
      this.#sendOn(options, handler);
    } finally {
      this.#connections.dispatched(events, options.body);
    }
  }

  #sendOn(options: Dispatcher.DispatchOptions, handler: HeldHandler): void {
    if (!isOddTarget(options.path)) {
      this.#agent.dispatch(options, handler);
      return;
    }
    this.#oddAgent ??= new Agent({
      ...this.#agentOptions,
      allowH2: false,
      connect: this.#connector(
        HTTP1_ONLY,
        (socket) => {
          this.#counted(socket);
          restoreTargets(socket);
        },
        // Its HTTP/1.1 connections count among the origin's: beside h2 ones, the response tells.
        (origin, socket) => this.#protocols.opened(origin, socket),
      ),
    });
    this.#oddAgent.dispatch({ ...options, path: placeholderPath(options.path) }, handler);
  }
}
