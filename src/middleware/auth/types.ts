import type { Request } from '../../models/request.ts';
import type { Response } from '../../models/response.ts';

/**
 * An authentication scheme as a generator: it yields a request, receives that request's
 * response, and may yield another (a digest challenge answered); when it returns, the last
 * response is the final one.
 */
export interface Auth {
  authFlow(request: Request): Generator<Request, void, Response>;
  /** The flow reads `request.content`: a streamed body is read into memory first. @default false */
  readonly requiresRequestBody?: boolean;
  /** The flow reads `response.content`: the body is read before the flow sees the response. @default false */
  readonly requiresResponseBody?: boolean;
}

/** A function that adds credentials to a request and returns it (or a new one). */
export type AuthFunction = (request: Request) => Request;

/** What the `auth` options accept: an `Auth`, `[user, pass]` (Basic), a function, or `null` (none). */
export type AuthOption = Auth | readonly [username: string, password: string] | AuthFunction | null;
