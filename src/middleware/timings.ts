import { Observable, type SchedulerLike, type Subscriber } from 'rxjs';
import type { TimingEvent } from '../events.ts';
import { deliveryOf } from '../models/delivery.ts';
import type { Request } from '../models/request.ts';
import type { Timings } from '../models/timings.ts';
import { LayerSubscriber } from '../pipeline/layer-subscriber.ts';
import type { ConnectionStep, PoolCounts, Transport, TransportEvent } from '../transports/transport.ts';
import { takeQueued } from './timeouts.ts';

/**
 * A transport whose responses carry `timings`: every event of `transport` is stamped with
 * `scheduler.now()` as it passes, right above the transport (below the phase timeouts, which
 * consume the internal events it reads). The Node client wraps its transport in it; the
 * browser client does not (see `Timings`).
 */
export class TimedTransport implements Transport {
  readonly #transport: Transport;
  readonly #scheduler: SchedulerLike;

  constructor(transport: Transport, scheduler: SchedulerLike) {
    this.#transport = transport;
    this.#scheduler = scheduler;
  }

  handle(request: Request): Observable<TransportEvent> {
    return new Observable<TransportEvent>((subscriber) => {
      this.#transport.handle(request).subscribe(new PhaseStamps(subscriber, request, this.#scheduler));
    });
  }

  close(): Promise<void> {
    return this.#transport.close();
  }

  counts(): PoolCounts {
    return this.#transport.counts?.() ?? { active: 0, idle: 0 };
  }
}

/** A public event of a new connection's phase (made only for a connection opened for the request). */
function timingEvent(phase: TimingEvent['phase'], duration: number): TimingEvent {
  return { type: 'timing', phase, duration };
}

/**
 * The stamps of one attempt, as one object linked to its downstream (see `LayerSubscriber`).
 * On a reused connection it costs a few field writes per event and two frozen objects (the
 * timings at the head and at the end); the connection steps come only for a new connection.
 *
 * The moments, and the phases between them (got's): start ─wait→ socket ─dns→ lookup ─tcp→
 * connect ─tls→ handshake ─request→ written ─firstByte→ head ─download→ end. Without a new
 * connection, `wait` ends at `connected` and `request` starts there.
 */
class PhaseStamps extends LayerSubscriber<TransportEvent> {
  readonly #scheduler: SchedulerLike;
  /** `timing` events are wanted (`events()`, `stream()`). */
  readonly #tell: boolean;
  /** A body-less request is written in the turn it gets its connection (undici writes the head at once). */
  readonly #bodyless: boolean;
  readonly #start: number;
  // The steps of a connection being opened for the request, until `connected` says whose it is.
  #socket: number | undefined = undefined;
  #lookup: number | undefined = undefined;
  #connect: number | undefined = undefined;
  #handshake: number | undefined = undefined;
  // The phases known so far, and the moments the later ones are measured from.
  #wait: number | undefined = undefined;
  #dns: number | undefined = undefined;
  #tcp: number | undefined = undefined;
  #tls: number | undefined = undefined;
  #request: number | undefined = undefined;
  #firstByte: number | undefined = undefined;
  /** When the connection was ready for the request (undefined: the transport never said). */
  #ready: number | undefined = undefined;
  #written: number | undefined = undefined;
  #head: number | undefined = undefined;

  constructor(destination: Subscriber<TransportEvent>, request: Request, scheduler: SchedulerLike) {
    super(destination);
    this.#scheduler = scheduler;
    this.#tell = deliveryOf(request.extensions).progress;
    this.#bodyless = request.body === null;
    this.#start = scheduler.now() - takeQueued(request);
  }

  protected override _next(event: TransportEvent): void {
    switch (event.type) {
      case 'connection':
        // For this layer alone: nothing above needs them.
        this.#step(event.step, this.#scheduler.now());
        return;
      case 'connected':
        this.#connected(this.#scheduler.now(), event.opened === true);
        break;
      case 'written':
        if (this.#written === undefined && this.#ready !== undefined) this.#wrote(this.#scheduler.now());
        break;
      case 'headers': {
        const now = this.#scheduler.now();
        // The server answered before the body was all written: the request phase ends here.
        if (this.#written === undefined && this.#ready !== undefined) this.#wrote(now);
        this.#head = now;
        this.#firstByte = now - (this.#written ?? this.#start);
        event.response.timings = this.#timings(undefined);
        break;
      }
      case 'response':
        event.response.timings = this.#timings(this.#scheduler.now());
        break;
    }
    this.destination.next(event);
  }

  #step(step: ConnectionStep, now: number): void {
    switch (step) {
      case 'socket':
        // A new connection starts: whatever an earlier one said is void.
        this.#socket = now;
        this.#lookup = this.#connect = this.#handshake = undefined;
        return;
      case 'dns':
        this.#lookup = now;
        if (this.#socket !== undefined) this.#tellPhase('dns', now - this.#socket);
        return;
      case 'tcp': {
        this.#connect = now;
        const from = this.#lookup ?? this.#socket;
        if (from !== undefined) this.#tellPhase('tcp', now - from);
        return;
      }
      case 'tls':
        this.#handshake = now;
        if (this.#connect !== undefined) this.#tellPhase('tls', now - this.#connect);
        return;
    }
  }

  #tellPhase(phase: TimingEvent['phase'], duration: number): void {
    if (this.#tell) this.destination.next(timingEvent(phase, duration));
  }

  /** The request is on its connection: opened for it (its steps count) or not (they do not). */
  #connected(now: number, opened: boolean): void {
    const socket = this.#socket;
    const connect = this.#connect;
    if (opened && socket !== undefined && connect !== undefined) {
      const lookup = this.#lookup;
      const handshake = this.#handshake;
      this.#wait = socket - this.#start;
      this.#dns = lookup === undefined ? undefined : lookup - socket;
      this.#tcp = connect - (lookup ?? socket);
      this.#tls = handshake === undefined ? undefined : handshake - connect;
      this.#ready = handshake ?? connect;
    } else {
      this.#wait = now - this.#start;
      this.#dns = this.#tcp = this.#tls = undefined;
      this.#ready = now;
    }
    this.#socket = this.#lookup = this.#connect = this.#handshake = undefined;
    // Started afresh (a resend on a new connection): the request is written anew.
    this.#written = undefined;
    if (this.#bodyless) this.#wrote(now);
  }

  #wrote(now: number): void {
    this.#written = now;
    this.#request = now - this.#ready!;
  }

  #timings(end: number | undefined): Timings {
    const head = this.#head;
    return Object.freeze({
      wait: this.#wait,
      dns: this.#dns,
      tcp: this.#tcp,
      tls: this.#tls,
      request: this.#request,
      firstByte: this.#firstByte,
      download: end === undefined || head === undefined ? undefined : end - head,
      total: end === undefined ? undefined : end - this.#start,
    });
  }
}
