import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';
import type { ConnectedEvent, ConnectionEvent, ConnectionStep } from '../transports/transport.ts';

/** undici's connector as it really is: it returns the socket it is opening. */
type Opener = (options: buildConnector.Options, callback: buildConnector.Callback) => unknown;

/**
 * What hears of the steps of a connection opened for its request: the exchange's subscriber
 * (which ignores them once the exchange is over).
 */
export interface ConnectionOwner {
  next(event: ConnectionEvent): void;
}

const STEPS: Readonly<Record<ConnectionStep, ConnectionEvent>> = Object.freeze({
  socket: Object.freeze({ type: 'connection', step: 'socket' }),
  dns: Object.freeze({ type: 'connection', step: 'dns' }),
  tcp: Object.freeze({ type: 'connection', step: 'tcp' }),
  tls: Object.freeze({ type: 'connection', step: 'tls' }),
});
/** `connected`, on a connection the request did not ask for (or whose opening nothing tells). */
export const CONNECTED: ConnectedEvent = Object.freeze({ type: 'connected' });
const OPENED: ConnectedEvent = Object.freeze({ type: 'connected', opened: true });

/**
 * Which request a new connection is for, so that its steps (socket made, `lookup`, `connect`,
 * TLS `secureConnect`) reach that request as they happen (`connection` events), for its
 * `timings`. undici's handlers never see a socket, but it calls the connector synchronously:
 *
 * - **Who asked.** undici opens a connection inside `dispatch()` for the request that found no
 *   free one (a new pool member, or one whose socket had closed), so a connector called while
 *   the pool is dispatching an exchange opens that exchange's connection. A body undici reads
 *   as a stream makes it connect a microtask later instead: such dispatches queue up here and
 *   each leaves the queue in a microtask queued after undici's own.
 * - **Who got it.** When the socket is ready, undici writes the first request waiting for it
 *   inside the connector's callback: the `onRequestStart` that runs there is on the new
 *   socket. Its `connected` event says `opened` only when that request is the one that asked,
 *   so the steps count for the request that rode the connection and for no other (one that
 *   asked and was cancelled leaves the connection to the next request, which counts the
 *   opening as `wait`).
 *
 * A reused connection costs a field read in `onRequestStart`; listeners are only put on new
 * sockets that have a request to tell.
 */
export class NewConnections {
  /** The exchange being handed to undici right now. */
  #dispatching: ConnectionOwner | null = null;
  /** Exchanges with a streamed body, whose connection undici opens a microtask after dispatch. */
  readonly #deferred: ConnectionOwner[] = [];
  /** The exchange that asked for the connection whose readiness undici is being told of now. */
  #ready: ConnectionOwner | null = null;

  /** `owner` is being dispatched (until `dispatched`). */
  dispatching(owner: ConnectionOwner): void {
    this.#dispatching = owner;
  }

  /** Its dispatch returned; `body` is what undici was given to send. */
  dispatched(owner: ConnectionOwner, body: unknown): void {
    this.#dispatching = null;
    // undici defers a streamed (async iterable) body's connect to a microtask: queued after it.
    if (body === null || body === undefined || body instanceof Uint8Array) return;
    this.#deferred.push(owner);
    queueMicrotask(this.#shift);
  }

  /** The `connected` event for an exchange undici is starting: `opened` when the new connection is the one it asked for. */
  connectedEvent(events: ConnectionOwner): ConnectedEvent {
    const ready = this.#ready;
    if (ready === null) return CONNECTED;
    this.#ready = null;
    return ready === events ? OPENED : CONNECTED;
  }

  /**
   * Wraps a connector so that the connections it opens tell the request that asked for them.
   * Through a proxy (`proxied`) the socket is the proxy's: `dns` and `tcp` are its steps, and
   * `tls` ends with the target's handshake inside the tunnel (so it holds the tunnel's set-up).
   */
  watch(connect: buildConnector.connector, proxied = false): buildConnector.connector {
    return (options, callback) => {
      const owner = this.#dispatching ?? this.#deferred[0] ?? null;
      if (owner === null) return (connect as Opener)(options, callback) as undefined;
      const secure = options.protocol === 'https:';
      const socket = (connect as Opener)(options, (...args) => {
        if (args[0] !== null) return callback(...args);
        if (proxied && secure) owner.next(STEPS.tls);
        this.#ready = owner;
        try {
          callback(...args);
        } finally {
          this.#ready = null;
        }
      });
      if (isSocket(socket)) tellSteps(socket, owner, secure && !proxied);
      return socket as undefined;
    };
  }

  readonly #shift = (): void => {
    this.#deferred.shift();
  };
}

/**
 * Tells `owner` of the steps of `socket` as they happen: made (now), looked up (no lookup for
 * an IP address), connected, and for https the TLS handshake done. The listeners go before
 * undici's own, so every step is told before the request is started on the socket.
 */
function tellSteps(socket: Socket, owner: ConnectionOwner, secure: boolean): void {
  owner.next(STEPS.socket);
  const lookup = (error: Error | null) => {
    if (error === null) owner.next(STEPS.dns);
  };
  socket.prependOnceListener('lookup', lookup);
  socket.prependOnceListener('connect', () => {
    socket.off('lookup', lookup);
    owner.next(STEPS.tcp);
  });
  if (secure) socket.prependOnceListener('secureConnect', () => owner.next(STEPS.tls));
}

function isSocket(value: unknown): value is Socket {
  return (
    typeof value === 'object' && value !== null && typeof (value as Socket).prependOnceListener === 'function'
  );
}
