import type { Socket } from 'node:net';
import { Observable } from 'rxjs';
import { Agent, type Dispatcher } from 'undici';
import { checkOptionNames } from '../config/option-names.ts';
import { own } from '../config/own.ts';
import type { Request } from '../models/request.ts';
import { Limits, type LimitsInit } from '../options.ts';
import { Slots, type SlotWaiter } from '../transports/slots.ts';
import type { ConnectedEvent, PoolCounts, Transport, TransportEvent } from '../transports/transport.ts';
import { ConnectAttempts } from './connect-attempts.ts';
import { watchedConnector } from './connector.ts';
import { Exchange } from './exchange.ts';
import type { HeldHandler } from './exchange-host.ts';
import { type ConnectionOwner, NewConnections } from './new-connections.ts';
import { isOddTarget, placeholderPath, restoreTargets } from './odd-target.ts';
import { ReuseGate } from './reuse-gate.ts';
import { skipUnsolicitedContinue } from './skip-continue.ts';
import { type PoolTls, poolTls } from './tls.ts';
import type { CertOption, VerifyOption } from './tls-options.ts';

export interface ConnectionPoolOptions {
  /** Server certificate checking. @default true */
  verify?: VerifyOption;
  /** A client certificate. @default none */
  cert?: CertOption;
  /** @default new Limits() */
  limits?: Limits | LimitsInit;
  /** Read `SSL_CERT_FILE` from the environment. @default true */
  trustEnv?: boolean;
}

/** undici's connect timeout is off: the phase timeouts above the transport bound it. */
const CONNECT = { timeout: 0 };
const POOL_OPTION_NAMES: ReadonlySet<string> = new Set(['verify', 'cert', 'limits', 'trustEnv']);

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
  readonly #agent: Agent;
  readonly #agentOptions: Agent.Options;
  /** One secure context for every TLS connection of the pool, both agents included. */
  readonly #tls: PoolTls;
  readonly #attempts = new ConnectAttempts();
  readonly #gate = new ReuseGate();
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
    checkOptionNames('ConnectionPool', options, POOL_OPTION_NAMES);
    this.limits = Limits.from(own(options, 'limits'));
    this.#slots = new Slots(this.limits.maxConnections);
    // undici's own timers are off (0): the phase timeouts above the transport decide, per
    // request, and a `timeout: null` request really waits as long as it takes.
    this.#tls = poolTls(
      own(options, 'verify') ?? true,
      own(options, 'cert'),
      own(options, 'trustEnv') ?? true,
    );
    this.#agentOptions = {
      connections: this.limits.maxConnections,
      // undici wants positive times; an expiry of 0 closes every connection (closesEveryConnection).
      keepAliveTimeout: Math.max(this.limits.keepaliveExpiry, 1),
      keepAliveMaxTimeout: Math.max(this.limits.keepaliveExpiry, 1),
      allowH2: false,
      headersTimeout: 0,
      bodyTimeout: 0,
    };
    const connect = this.#attempts.watch(
      this.#connections.watch(watchedConnector(this.#tls, CONNECT, this.#counted)),
      this.#opened,
    );
    this.#agent = new Agent({ ...this.#agentOptions, connect });
  }

  readonly #opened = (origin: string, socket: Socket): void => {
    this.#gate.opened(origin);
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
    return new Observable<TransportEvent>((subscriber) => {
      const exchange = new Exchange(this, request, subscriber);
      exchange.start();
      return exchange;
    });
  }

  /** Sockets busy with a request, and sockets open but idle, over every origin. */
  counts(): PoolCounts {
    let active = 0;
    let idle = 0;
    const all = [this.#agent, this.#oddAgent].flatMap((agent) => (agent ? Object.values(agent.stats) : []));
    for (const stats of all) {
      const connected = Number(stats.connected);
      const running = stats.running;
      active += Math.min(running, connected);
      idle += Math.max(0, connected - running);
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
    return `<ConnectionPool [${active} active, ${idle} idle]>`;
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

  /** @internal */
  closesEveryConnection(): boolean {
    return this.limits.keepaliveExpiry === 0;
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
    if (this.#open - (this.#slots.used - 1) <= max) return;
    // Counted as gone at once, so a response ending later in this turn decides on the rest.
    this.#trimmed.add(socket);
    this.#open--;
    queueMicrotask(() => socket.destroy());
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
    if (this.#gate.mayGo(origin)) this.#send(origin, options, handler, events);
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
      connect: this.#attempts.watch(
        this.#connections.watch(
          watchedConnector(this.#tls, CONNECT, (socket) => {
            this.#counted(socket);
            restoreTargets(socket);
          }),
        ),
      ),
    });
    this.#oddAgent.dispatch({ ...options, path: placeholderPath(options.path) }, handler);
  }
}
