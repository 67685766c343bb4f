import type { Middleware } from '../transports/transport.ts';

export interface RedirectOptions {
  /** @default 20 */
  maxRedirects?: number;
  /** Follow redirects when the request's `extensions.followRedirects` does not say. @default true */
  follow?: boolean;
}

/** STUB (helper fills in): follows redirects. */
export function redirects(_options: RedirectOptions = {}): Middleware {
  return (request, next) => next(request);
}
