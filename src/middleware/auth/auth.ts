import type { Middleware } from '../../transports/transport.ts';
import type { AuthOption } from './types.ts';

/** Looks up `[user, password]` for a host (netrc under `trustEnv`). */
export type CredentialsLookup = (host: string) => readonly [string, string] | undefined;

export interface AuthMiddlewareOptions {
  /** Consulted when neither the request nor the client has auth and the URL has no userinfo. */
  netrc?: CredentialsLookup;
}

/** STUB (helper fills in): runs the auth flow around the redirect loop. */
export function auth(_defaultAuth: AuthOption = null, _options: AuthMiddlewareOptions = {}): Middleware {
  return (request, next) => next(request);
}
