import type { Subscriber } from 'rxjs';
import type { Dispatcher } from 'undici';
import { ClientClosed, StreamError, UnsupportedProtocol } from '../errors.ts';
import type { Request } from '../models/request.ts';
import { hasBody, ResponseBody } from '../transports/response-body.ts';
import type { SlotWaiter } from '../transports/slots.ts';
import type { TransportEvent } from '../transports/transport.ts';
import { cancelled, closedEarly, isDeadSocket } from './closed-connection.ts';
import { type ContentDecoder, createDecoder, type DecoderSink } from './decode.ts';
import type { ExchangeHost } from './exchange-host.ts';
import { flowOf } from './flow-control.ts';
import { forwardRefusal } from './proxy-refusal.ts';
import { declaredLength, responseHead, unreadTransferCoding } from './response-head.ts';
import { type Phase, translateError } from './translate-error.ts';
import { uploadEvent } from './upload-body.ts';

/**
 * One request through undici's `dispatch()`: the handler callbacks become events on the
 * subscriber. It holds a pool slot from dispatch until the response ends, fails or is
 * cancelled, and gives it back exactly once.
 */
export class Exchange implements Dispatcher.DispatchHandler, DecoderSink, SlotWaiter {
  readonly #host: ExchangeHost;
  readonly #request: Request;
  readonly #subscriber: Subscriber<TransportEvent>;
  #controller: Dispatcher.DispatchController | null = null;
  #body: ResponseBody | null = null;
  #decoder: ContentDecoder | null = null;
  #holdsSlot = false;
  /** The origin whose connection the request waits for (null: it waits for none). */
  #waitsForSocket: string | null = null;
  /** Say `connecting` when the slot is granted: the request waited for it, or starts over. */
  #announce = false;
  #finished = false;
  #phase: Phase = 'connect';
  #retried = false;
  #connectionsAtDispatch = 0;
  /** The origin the request was handed to undici for, until its response ends or it fails. */
  #dispatchedTo: string | null = null;
  #uploaded = 0;

  constructor(host: ExchangeHost, request: Request, subscriber: Subscriber<TransportEvent>) {
    this.#host = host;
    this.#request = request;
    this.#subscriber = subscriber;
  }

  /** True once the exchange is over: a held dispatch of a cancelled one is dropped. */
  get settled(): boolean {
    return this.#finished;
  }

  start(): void {
    const { protocol } = this.#request.url;
    if (protocol !== 'http:' && protocol !== 'https:') {
      this.#fail(new UnsupportedProtocol(`The ${protocol} scheme is not supported: use http: or https:`));
    } else if (this.#host.closed) {
      this.#fail(new ClientClosed('The connection pool has been closed'));
    } else {
      this.#acquire();
    }
  }

  /**
   * Unsubscribe (the exchange is its Observable's teardown): abort whatever is under way and
   * free the slot now.
   */
  unsubscribe(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#host.withdraw(this); // a no-op unless it is still queued
    this.#dispatchOver();
    this.#endSocketWait(true);
    this.#decoder?.destroy();
    if (this.#controller && !this.#controller.aborted) this.#controller.abort(cancelled());
    this.#releaseSlot();
  }

  /** Takes a pool slot, or says `queued` and waits for one. */
  #acquire(): void {
    if (this.#host.acquire(this)) {
      this.#dispatch();
      return;
    }
    this.#announce = true;
    this.#subscriber.next({ type: 'queued' });
  }

  /** The pool's queue granted this queued exchange a slot. */
  slotGranted(): void {
    this.#dispatch();
  }

  #dispatch(): void {
    this.#holdsSlot = true;
    if (this.#finished) {
      this.#releaseSlot();
      return;
    }
    if (this.#announce) {
      this.#announce = false;
      this.#subscriber.next({ type: 'connecting' });
      if (this.#finished) return;
    }
    if (this.#host.closed) {
      this.#fail(
        new ClientClosed('The connection pool was closed while the request waited for a connection'),
      );
      return;
    }
    const request = this.#request;
    this.#connectionsAtDispatch = this.#host.connectionsOpened;
    try {
      const options = this.#host.dispatchOptions(request);
      const origin = options.origin as string;
      this.#waitsForSocket = origin;
      this.#host.waitForSocket(origin);
      this.#dispatchedTo = origin;
      this.#host.dispatch(options, this, this.#subscriber);
    } catch (error) {
      this.#fail(error);
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    this.#endSocketWait(false);
    if (this.#finished) {
      controller.abort(cancelled());
      return;
    }
    this.#phase = 'write';
    this.#subscriber.next(this.#host.connectedEvent(this.#subscriber));
  }

  onBodySent(chunk: Uint8Array | string): void {
    if (this.#finished) return;
    this.#uploaded += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    this.#subscriber.next(uploadEvent(this.#request, this.#uploaded));
  }

  onRequestSent(): void {
    if (this.#finished) return;
    this.#phase = 'read';
    // Only a body's end needs saying: without one, `connected` already leads to the read phase.
    if (this.#request.body !== null) this.#subscriber.next({ type: 'written' });
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: unknown,
    statusText?: string,
  ): void {
    if (this.#finished || status < 200) return;
    this.#phase = 'read';
    const version = this.#host.httpVersion(this.#dispatchedTo);
    const head = responseHead(status, controller.rawHeaders, statusText, headers, version);
    const refused =
      forwardRefusal(status, statusText, head.headers, this.#dispatchedTo, this.#request.url) ??
      unreadTransferCoding(head.headers, this.#request);
    if (refused) {
      this.#abortWith(refused);
      return;
    }
    const body = new ResponseBody(this.#subscriber, this.#request, head, declaredLength(head.headers));
    this.#body = body;
    flowOf(this.#request.extensions)?.attach(controller);
    body.begin();
    // A body a layer discarded at its head (a redirect's, a retried response's) is never decoded;
    // one over `maxResponseSize` by its Content-Length has already ended the exchange.
    if (this.#finished || body.response.isDiscarded || !hasBody(this.#request.method, status)) return;
    try {
      this.#decoder = createDecoder(head.headers.getKey('content-encoding'), this);
    } catch (error) {
      this.#abortWith(error);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#finished) return;
    const body = this.#body!;
    body.received(chunk.length);
    if (this.#finished) return;
    if (body.response.isDiscarded) this.#discard(controller);
    else if (this.#decoder === null) body.data(chunk);
    else if (!this.#decoder.write(chunk)) controller.pause();
  }

  onResponseEnd(): void {
    if (this.#finished) return;
    const origin = this.#dispatchedTo;
    this.#dispatchedTo = null;
    if (origin !== null) this.#host.responseEnded(origin);
    if (this.#body?.response.isDiscarded) this.#discard(this.#controller);
    if (this.#decoder === null) this.end();
    else this.#decoder.end();
  }

  /** A layer above discarded the body (`takeOver`): read on raw, never decoded; a read paused for it resumes. */
  #discard(controller: Dispatcher.DispatchController | null): void {
    const decoder = this.#decoder;
    this.#decoder = null;
    decoder?.destroy();
    if (decoder) controller?.resume();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#finished) return;
    this.#endSocketWait(false);
    if (this.#canResendOnFreshSocket(error)) {
      this.#retried = true;
      this.#dispatchOver();
      this.#phase = 'connect';
      this.#uploaded = 0;
      this.#controller = null;
      this.#releaseSlot();
      this.#announce = true;
      this.#acquire();
      return;
    }
    this.#fail(closedEarly(error, this.#phase, this.#body !== null, this.#request) ?? error);
  }

  // DecoderSink: decoded bytes, their end, a decoding failure, and resumption.
  data(chunk: Uint8Array): void {
    if (!this.#finished) this.#body!.data(chunk);
  }

  end(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#releaseSlot();
    this.#body!.end();
  }

  error(error: Error): void {
    this.#abortWith(error);
  }

  drain(): void {
    // The decoder caught up; a consumer's pause (extensions.flow) still holds.
    if (!flowOf(this.#request.extensions)?.paused) this.#controller?.resume();
  }

  /**
   * A keep-alive socket the server closed while idle fails the next request before any
   * response byte. Such a request is sent once more when the body can be replayed and it rode
   * a reused connection: no connection was opened since it was dispatched (a conservative
   * test: a connection opened meanwhile for another request also rules the resend out).
   */
  #canResendOnFreshSocket(error: Error): boolean {
    if (this.#retried || this.#body !== null || this.#host.closed || !isDeadSocket(error)) return false;
    const body = this.#request.body;
    return (body === null || body.replayable) && this.#host.connectionsOpened === this.#connectionsAtDispatch;
  }

  #abortWith(error: unknown): void {
    if (this.#controller && !this.#controller.aborted)
      this.#controller.abort(error instanceof Error ? error : new Error(String(error)));
    this.#decoder?.destroy();
    this.#fail(error);
  }

  #fail(error: unknown): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#dispatchOver();
    this.#endSocketWait(false);
    this.#releaseSlot();
    // A body that cannot be read again (StreamConsumed) is the caller's error, not the network's.
    const own = error instanceof Error && error.cause instanceof StreamError ? error.cause : error;
    this.#subscriber.error(
      own instanceof StreamError ? own : translateError(own, this.#request, this.#phase),
    );
  }

  /** It was handed to undici and is over without a response read to its end. */
  #dispatchOver(): void {
    const origin = this.#dispatchedTo;
    if (origin === null) return;
    this.#dispatchedTo = null;
    this.#host.dispatchAborted(origin);
  }

  #endSocketWait(cancelled: boolean): void {
    const origin = this.#waitsForSocket;
    if (origin === null) return;
    this.#waitsForSocket = null;
    this.#host.socketWaitEnded(origin, cancelled);
  }

  #releaseSlot(): void {
    if (!this.#holdsSlot) return;
    this.#holdsSlot = false;
    this.#host.release();
  }
}
