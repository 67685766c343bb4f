import type { Request } from '../../models/request.ts';
import type { Response } from '../../models/response.ts';

/**
 * An authentication scheme as a generator: `authFlow` yields a request, receives that
 * request's response, and may yield another (a digest challenge answered); when it returns,
 * the last response is the final one. Responses it answered with another request are not
 * passed on as events: they go in front of the final response's `history`.
 *
 * The flow runs once per subscription. A flow that throws fails the request; unsubscribing
 * ends it (`return()`), so `finally` blocks run.
 *
 * @example
 * ```ts
 * // A bearer token, refreshed once when the server refuses it.
 * const bearer = (request: Request, token: string) =>
 *   request.with({ headers: request.headers.copy().set('Authorization', `Bearer ${token}`) });
 * const tokenAuth: Auth = {
 *   *authFlow(request) {
 *     const response = yield bearer(request, tokens.current);
 *     if (response.status === 401) yield bearer(request, tokens.refresh());
 *   },
 * };
 * ```
 */
export interface Auth {
  authFlow(request: Request): Generator<Request, void, Response>;
  /**
   * The flow reads `request.content`: a streamed body is read into memory first (so it can
   * also be sent more than once).
   * @default false
   */
  readonly requiresRequestBody?: boolean;
  /**
   * The flow reads `response.content`: each response's body is read before the flow sees it.
   * Otherwise the flow sees each response as soon as its headers arrive.
   * @default false
   */
  readonly requiresResponseBody?: boolean;
}

/** A function that adds credentials to a request and returns it (or a new one). */
export type AuthFunction = (request: Request) => Request;

/** Looks up `[user, password]` for a host (netrc under `trustEnv`). */
export type CredentialsLookup = (host: string) => readonly [string, string] | undefined;

/** What the `auth` options accept: an `Auth`, `[user, pass]` (Basic), a function, or `null` (none). */
export type AuthOption = Auth | readonly [username: string, password: string] | AuthFunction | null;

// `RequestExtensions.auth` is the auth layer's own setting, so this layer declares it: the
// models below name no middleware (issue 9, P2), and users see the same interface.
declare module '../../models/request-extensions.ts' {
  interface RequestExtensions {
    /**
     * This request's authentication, replacing the client's; `null` disables it. Set from
     * `RequestOptions.auth`.
     * @default the client's `auth`
     */
    auth?: AuthOption;
  }
}
