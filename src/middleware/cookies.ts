import { ClientCookies } from '../models/cookie-jar.ts';
import type { Middleware } from '../transports/transport.ts';

/** STUB (helper fills in): sends the jar's cookies on every hop and stores every Set-Cookie. */
export function cookies(_jar: ClientCookies = new ClientCookies()): Middleware {
  return (request, next) => next(request);
}
