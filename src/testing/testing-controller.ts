import { Observable } from 'rxjs';
import type { Request } from '../models/request.ts';
import type { Transport, TransportEvent } from '../transports/transport.ts';
import { describeMatch, matcherOf, type RequestMatch } from './request-match.ts';
import { TestRequest } from './test-request.ts';

/**
 * Holds every request sent through its {@link TestingController.transport} until the test
 * answers it, in the spirit of Angular's `HttpTestingController`:
 * `new Client({ transport: controller.transport })` (or, under Angular,
 * `provideHttprx({ transport: controller.transport })`), then `expectOne(match).flush(body)`.
 * The client's own middleware runs on top, so a flushed 302 or 401 leads to a second request
 * to expect. A request is open until it is answered or cancelled: `expectOne` and `match` find
 * it without closing it, and one the client gave up on leaves the open list. No timers of its
 * own: it works in real and in virtual time alike.
 */
export class TestingController {
  /** The transport to give a client: each request it handles waits here. */
  readonly transport: Transport;
  readonly #open: TestRequest[] = [];

  constructor() {
    const open = this.#open;
    const closed = (test: TestRequest): void => {
      const at = open.indexOf(test);
      if (at >= 0) open.splice(at, 1);
    };
    this.transport = {
      handle: (request: Request) =>
        new Observable<TransportEvent>((subscriber) => {
          const test = new TestRequest(request, subscriber, closed);
          open.push(test);
          // Pending counts as connected: the read timeout bounds the wait for an answer.
          subscriber.next({ type: 'connected' });
          return () => test._cancel();
        }),
      close: async () => {},
    };
  }

  /** The one open request that matches; throws, listing the open ones, if there are none or several. */
  expectOne(match: RequestMatch, description?: string): TestRequest {
    const found = this.match(match);
    if (found.length === 1) return found[0]!;
    const what = description ?? describeMatch(match);
    const which = found.length === 0 ? 'none' : `${found.length}: ${found.join(', ')}`;
    throw new Error(`Expected one open request for ${what}, found ${which}. ${this.#openList()}`);
  }

  /** Throws, naming them, if any open request matches. */
  expectNone(match: RequestMatch, description?: string): void {
    const found = this.match(match);
    if (found.length === 0) return;
    const what = description ?? describeMatch(match);
    throw new Error(`Expected no open request for ${what}, found ${found.length}: ${found.join(', ')}`);
  }

  /** Every open request that matches, oldest first (left open). */
  match(match: RequestMatch): TestRequest[] {
    const matches = matcherOf(match);
    return this.#open.filter((test) => matches(test.request));
  }

  /** Throws, listing them, if any request is still open (neither answered nor cancelled). */
  verify(): void {
    if (this.#open.length === 0) return;
    throw new Error(`Expected no open requests, found ${this.#open.length}: ${this.#open.join(', ')}`);
  }

  #openList(): string {
    const open = this.#open;
    return open.length === 0 ? 'No request is open.' : `Open: ${open.join(', ')}.`;
  }
}
