import { Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { describe } from '../config/describe.ts';
import { checkOptionNames } from '../config/option-names.ts';
import { own } from '../config/own.ts';
import type { Request } from '../models/request.ts';
import type { Transport, TransportEvent } from '../transports/transport.ts';
import { checkMarbleValues, MarblePlayer, type MarbleValue } from './marble-values.ts';
import { describeMatch, matcherOf, type RequestMatch, requestLine } from './request-match.ts';

const OPTION_NAMES: ReadonlySet<string> = new Set(['connected']);

type Cold = ReturnType<TestScheduler['createColdObservable']>;
/** A subscription's frames, as `TestScheduler`'s `expectSubscriptions` compares them. */
export type MarbleSubscription = Cold['subscriptions'][number];

/** How a route plays. */
export interface MarbleRouteOptions {
  /**
   * Whether the request counts as connected as soon as the marble starts (as a server that
   * accepts at once); `false` leaves it to a `{ type: 'connected' }` value, so the connect
   * timeout can be tested.
   * @default true
   */
  connected?: boolean;
}

/** The requests one {@link MarbleTransport.on} call answers, and their subscriptions. */
export class MarbleRoute {
  /**
   * Every subscription to this route, in order, with its frames: give it to
   * `expectSubscriptions(route.subscriptions).toBe(['^--!', '---^-!'])` (or rxjs-marbles'
   * `m.scheduler.expectSubscriptions(...)`) to prove that retries subscribed again and cancelling unsubscribed.
   */
  readonly subscriptions: MarbleSubscription[] = [];
  /** Each request it answered, in order: the client's retries and redirects included. */
  readonly requests: Request[] = [];
  /** @internal */
  readonly matches: (request: Request) => boolean;
  readonly #match: RequestMatch;
  readonly #colds: Cold[];
  readonly #connected: boolean;
  /** Whether the marble names its error: else `#` gives a ConnectError or a ReadError. */
  readonly #named: boolean;

  /** @internal */
  constructor(match: RequestMatch, colds: Cold[], connected: boolean, named: boolean) {
    this.#match = match;
    this.matches = matcherOf(match);
    this.#colds = colds;
    this.#connected = connected;
    this.#named = named;
  }

  /** @internal The n-th request gets the n-th marble, the last one again once they run out. */
  _play(request: Request): Observable<TransportEvent> {
    return new Observable<TransportEvent>((subscriber) => {
      const colds = this.#colds;
      const cold = colds[Math.min(this.requests.length, colds.length - 1)]!;
      this.requests.push(request);
      if (this.#connected) subscriber.next({ type: 'connected' });
      const player = new MarblePlayer(subscriber, request);
      const logged = cold.subscriptions.length;
      const inner = cold.subscribe({
        next: (value) => player.play(value as MarbleValue),
        error: (error: unknown) => player.fail(error, this.#named),
        complete: () => player.end(),
      });
      const at = this.subscriptions.push(cold.subscriptions[logged]!) - 1;
      return () => {
        inner.unsubscribe();
        // The cold observable logs the end of a subscription as a new entry in its place.
        this.subscriptions[at] = cold.subscriptions[logged]!;
      };
    });
  }

  toString(): string {
    return describeMatch(this.#match);
  }
}

/**
 * A transport whose answers are marble diagrams, run by a `TestScheduler` (the one of
 * `TestScheduler.run`, or rxjs-marbles' `m.scheduler`): routes by method and URL, each a
 * marble with a values map of {@link MarbleValue}s. `'-h-c-c-|'` with `h: { status: 200 }`,
 * `c: 'ab'` is a head at frame 1, two chunks, and the response when the marble completes;
 * `'--#'` fails (with the marble's error, or a `ConnectError`/`ReadError`). Give a client the
 * same scheduler and its timeouts, retry backoff, `Retry-After` and deadline run frame by
 * frame. Routes are tried in order; a request no route matches fails, naming the routes.
 */
export class MarbleTransport implements Transport {
  readonly #scheduler: TestScheduler;
  readonly #routes: MarbleRoute[] = [];

  constructor(scheduler: TestScheduler) {
    if (
      typeof scheduler !== 'object' ||
      scheduler === null ||
      typeof scheduler.createColdObservable !== 'function'
    )
      throw new TypeError(
        `new MarbleTransport(scheduler) takes a TestScheduler (rxjs/testing, or rxjs-marbles' m.scheduler), not ${describe(scheduler)}`,
      );
    this.#scheduler = scheduler;
  }

  /**
   * Answers the requests `match` finds with `marbles`: one marble for every request, or a list,
   * the n-th request getting the n-th (the last again once they run out: `['--#', '-r|']`
   * fails once, then answers). Call it inside `TestScheduler.run` so the marbles read as there.
   */
  on(
    match: RequestMatch,
    marbles: string | readonly string[],
    values: Record<string, MarbleValue> = {},
    error?: unknown,
    options: MarbleRouteOptions = {},
  ): MarbleRoute {
    const list = typeof marbles === 'string' ? [marbles] : marbles;
    if (!Array.isArray(list) || list.length === 0 || list.some((each) => typeof each !== 'string'))
      throw new TypeError(
        `MarbleTransport.on takes a marble string or a list of them, not ${describe(marbles)}`,
      );
    checkMarbleValues(values);
    checkOptionNames('MarbleTransport.on', options, OPTION_NAMES);
    const connected = own(options, 'connected') ?? true;
    if (typeof connected !== 'boolean')
      throw new TypeError(`connected must be true or false, not ${describe(connected)}`);
    const colds = list.map((marble) => this.#scheduler.createColdObservable(marble, values, error));
    const route = new MarbleRoute(match, colds, connected, error !== undefined);
    this.#routes.push(route);
    return route;
  }

  handle(request: Request): Observable<TransportEvent> {
    const route = this.#routes.find((each) => each.matches(request));
    if (route !== undefined) return route._play(request);
    const routes = this.#routes.length === 0 ? 'none' : this.#routes.join('; ');
    return new Observable((subscriber) =>
      subscriber.error(
        new Error(`MarbleTransport has no route for ${requestLine(request)} (routes: ${routes})`),
      ),
    );
  }

  async close(): Promise<void> {}
}
