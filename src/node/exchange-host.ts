import type { Dispatcher } from 'undici';
import type { Request } from '../models/request.ts';
import type { HttpVersion } from '../models/response-init.ts';
import type { SlotWaiter } from '../transports/slots.ts';
import type { ConnectedEvent } from '../transports/transport.ts';
import type { ConnectionOwner } from './new-connections.ts';

/** What an exchange needs from its pool. */
export interface ExchangeHost {
  readonly closed: boolean;
  /** True when a slot was free; else `exchange.slotGranted()` runs when one frees up. */
  acquire(exchange: SlotWaiter): boolean;
  /** A queued exchange gave up waiting. */
  withdraw(exchange: SlotWaiter): void;
  release(): void;
  /** How many connections the pool has opened so far (only ever grows). */
  readonly connectionsOpened: number;
  /** What undici's `dispatch()` takes for `request` (see `dispatchOptions` in wire-headers.ts). */
  dispatchOptions(request: Request): Dispatcher.DispatchOptions;
  /** A response from `origin` has been read to its end (the pool may close its now idle connection). */
  responseEnded(origin: string): void;
  /** The version `origin`'s open connections all speak, or undefined when that is not known. */
  httpVersion(origin: string | null): HttpVersion | undefined;
  /** A dispatched request to `origin` failed or was cancelled before its response ended. */
  dispatchAborted(origin: string): void;
  /** A request is handed to undici and waits for a connection to `origin`. */
  waitForSocket(origin: string): void;
  /** It got one, failed, or was `cancelled` before it got one. */
  socketWaitEnded(origin: string, cancelled: boolean): void;
  /**
   * The `connected` event of an exchange undici starts now, given its `events`: `opened` when it
   * is on the connection it asked for.
   */
  connectedEvent(events: ConnectionOwner): ConnectedEvent;
  /**
   * Hands it to undici, now or (held for a connection about to free) at the end of the turn;
   * the steps of a connection opened for it go to `events` (its subscriber).
   */
  dispatch(options: Dispatcher.DispatchOptions, handler: HeldHandler, events: ConnectionOwner): void;
}

/** A dispatch handler that says when it no longer wants to be sent (cancelled while held). */
export interface HeldHandler extends Dispatcher.DispatchHandler {
  readonly settled: boolean;
}
