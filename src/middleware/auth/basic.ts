import { describe } from '../../config/describe.ts';
import { utf8 } from '../../content/bytes.ts';
import type { Request } from '../../models/request.ts';
import type { Response } from '../../models/response.ts';
import type { Auth } from './types.ts';

/** The value of a Basic `Authorization` header: `Basic ` + base64 of the UTF-8 `user:password`. */
export function basicCredentials(username: string, password: string): string {
  let binary = '';
  for (const byte of utf8(`${username}:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** A copy of the request with `Authorization` set to `value` (the original is left as it was). */
export function withAuthorization(request: Request, value: string): Request {
  const authorized = request.with({});
  authorized.headers.set('Authorization', value);
  return authorized;
}

/**
 * HTTP Basic authentication (RFC 7617): sends `Authorization: Basic …` with every request,
 * without waiting for a challenge. The user name and password are encoded as UTF-8.
 * `[user, pass]` in the `auth` options means the same.
 *
 * @example
 * ```ts
 * const client = new Client({ auth: new BasicAuth('ada', 'lovelace') });
 * ```
 */
export class BasicAuth implements Auth {
  readonly #header: string;

  constructor(username: string, password: string) {
    if (typeof username !== 'string' || typeof password !== 'string')
      throw new TypeError(
        `new BasicAuth(username, password) takes two strings, not ${describe(username)} and ${describe(password)}`,
      );
    this.#header = basicCredentials(username, password);
  }

  *authFlow(request: Request): Generator<Request, void, Response> {
    yield withAuthorization(request, this.#header);
  }
}
