import { describe } from '../../config/describe.ts';
import { Request } from '../../models/request.ts';
import type { Response } from '../../models/response.ts';
import type { Auth, AuthFunction } from './types.ts';

/**
 * A function as an `Auth`: called with each request, it returns the request to send (the
 * same one changed, or a new one from `request.with(…)`). A function that throws fails the
 * request; one that returns something other than a `Request` is a `TypeError`.
 */
export class FunctionAuth implements Auth {
  readonly #fn: AuthFunction;

  constructor(fn: AuthFunction) {
    this.#fn = fn;
  }

  *authFlow(request: Request): Generator<Request, void, Response> {
    const changed: unknown = this.#fn(request);
    if (!(changed instanceof Request))
      throw new TypeError(`An auth function must return the request to send, not ${describe(changed)}`);
    yield changed;
  }
}
