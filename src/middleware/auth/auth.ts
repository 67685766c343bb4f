import { throwError } from 'rxjs';
import { own } from '../../config/own.ts';
import type { Middleware } from '../../transports/transport.ts';
import { type Resolved, resolveAuth, toAuth } from './resolve.ts';
import { runAuthFlow } from './run-flow.ts';
import type { AuthOption, CredentialsLookup } from './types.ts';

export interface AuthMiddlewareOptions {
  /**
   * Consulted when neither the request nor the client has auth, the URL has no userinfo and
   * the request has no `Authorization` header of its own.
   * @default none
   */
  netrc?: CredentialsLookup;
}

/**
 * The auth layer. It wraps the redirect loop, so a `401` reached after redirects goes to the
 * auth flow, and credentials it added are stripped (never re-added) on a cross-origin hop.
 *
 * Per request: `extensions.auth` if set (`null` = none), else `defaultAuth`, else
 * `user:password` from the URL or the `netrc` entry for the host, as Basic. An `Authorization`
 * header the request already has is left alone when no auth is set. User info is never sent
 * in the URL. The chosen `Auth` then runs its flow: see {@link Auth}.
 *
 * An invalid `defaultAuth` throws here; an invalid per-request `auth` fails that request.
 */
export function auth(defaultAuth: AuthOption = null, options: AuthMiddlewareOptions = {}): Middleware {
  const fallback = toAuth(defaultAuth);
  const netrc = own(options, 'netrc');
  return (request, next) => {
    let resolved: Resolved;
    try {
      resolved = resolveAuth(request, fallback, netrc);
    } catch (error) {
      return throwError(() => error);
    }
    return resolved.auth === null
      ? next(resolved.request)
      : runAuthFlow(resolved.auth, resolved.request, next);
  };
}
