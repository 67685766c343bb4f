import type { Dispatcher } from 'undici';
import type { SlotWaiter } from '../transports/slots.ts';

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
  /** True when every connection is closed after its request (`keepaliveExpiry: 0`). */
  closesEveryConnection(): boolean;
  /** A response has been read to its end (the pool may close its now idle connection). */
  responseEnded(): void;
  /** A request is handed to undici and waits for a connection to `origin`. */
  waitForSocket(origin: string): void;
  /** It got one, failed, or was `cancelled` before it got one. */
  socketWaitEnded(origin: string, cancelled: boolean): void;
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): void;
}
