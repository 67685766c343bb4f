import { Observable, type Subscriber, type TeardownLogic } from 'rxjs';
import { ClientClosed } from '../errors.ts';
import type { Request } from '../models/request.ts';
import type { Transport } from '../transports/transport.ts';
import { type Admission, Waiter } from './admission.ts';
import { type FinishSettings, FinishSubscriber } from './finish-events.ts';

/**
 * One subscription of a client call, from the moment its request is built: it waits in the
 * client's queue when every slot is taken (holding only this), then sends the request through
 * the pipeline and the client's edge.
 */
export class Call<T> extends Waiter {
  readonly #pipeline: Transport;
  readonly #settings: FinishSettings;
  readonly #subscriber: Subscriber<T>;
  readonly #buffer: boolean;
  readonly #responsesOnly: boolean;
  readonly #admission: Admission | null;

  constructor(
    request: Request,
    pipeline: Transport,
    settings: FinishSettings,
    subscriber: Subscriber<T>,
    buffer: boolean,
    responsesOnly: boolean,
    admission: Admission | null,
  ) {
    super(request);
    this.#pipeline = pipeline;
    this.#settings = settings;
    this.#subscriber = subscriber;
    this.#buffer = buffer;
    this.#responsesOnly = responsesOnly;
    this.#admission = admission;
  }

  start(): void {
    const { request } = this;
    const edge = new FinishSubscriber(
      this.#subscriber,
      this.#settings,
      request,
      this.#buffer,
      this.#responsesOnly,
      this.#admission,
    );
    this.#pipeline.handle(request).subscribe(edge);
  }

  fail(error: unknown): void {
    this.#subscriber.error(error);
  }
}

/** What a call needs of its client. */
export interface CallHost {
  readonly pipeline: Transport;
  readonly admission: Admission | null;
  readonly settings: FinishSettings;
  readonly isClosed: boolean;
}

/**
 * A client call's Observable: cold, each subscription builds the request (invalid input errors
 * the stream), refuses it on a closed client, and starts a {@link Call}. Its state lives in
 * fields rather than closures: a caller's `lastValueFrom` keeps the Observable for as long as
 * the request waits in the queue.
 */
export class CallObservable<T> extends Observable<T> {
  readonly host: CallHost;
  readonly build: () => Request;
  readonly buffer: boolean;
  readonly responsesOnly: boolean;

  constructor(host: CallHost, build: () => Request, buffer: boolean, responsesOnly: boolean) {
    // RxJS calls the subscribe function on the Observable (its type says `this: Observable<T>`).
    super(subscribeCall as (this: Observable<T>, subscriber: Subscriber<T>) => TeardownLogic);
    this.host = host;
    this.build = build;
    this.buffer = buffer;
    this.responsesOnly = responsesOnly;
  }
}

/** The subscribe function of every `CallObservable`: RxJS calls it on the Observable itself. */
function subscribeCall<T>(this: CallObservable<T>, subscriber: Subscriber<T>): TeardownLogic {
  const { host } = this;
  let request: Request;
  try {
    request = this.build();
  } catch (error) {
    subscriber.error(error);
    return;
  }
  if (host.isClosed) {
    subscriber.error(new ClientClosed('The client has been closed', request));
    return;
  }
  const { admission } = host;
  const call = new Call(
    request,
    host.pipeline,
    host.settings,
    subscriber,
    this.buffer,
    this.responsesOnly,
    admission,
  );
  if (admission === null) return call.start();
  admission.enter(call);
  return call;
}
