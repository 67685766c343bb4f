import { describe } from '../../config/describe.ts';
import { ownValue } from '../../config/own.ts';
import type { Request } from '../../models/request.ts';
import { BasicAuth } from './basic.ts';
import { FunctionAuth } from './function-auth.ts';
import { netrcHost } from './netrc.ts';
import type { Auth, AuthOption, CredentialsLookup } from './types.ts';

/**
 * An `auth` option as an `Auth`: `[user, pass]` is Basic, a function is called per request,
 * an `Auth` is itself, `null` is none. Anything else is a `TypeError`.
 */
export function toAuth(option: AuthOption): Auth | null {
  if (option === null) return null;
  if (Array.isArray(option)) {
    const [username, password] = option as readonly unknown[];
    if (option.length === 2 && typeof username === 'string' && typeof password === 'string')
      return new BasicAuth(username, password);
  } else if (typeof option === 'function') {
    return new FunctionAuth(option);
  } else if (typeof option === 'object' && typeof (option as Auth).authFlow === 'function') {
    return option as Auth;
  }
  throw new TypeError(
    `auth must be [user, password] (two strings), a function of the request, an Auth (an object with authFlow()), or null, not ${describe(option)}`,
  );
}

/** What the auth layer does with one request: the request without URL credentials, and who signs it. */
export interface Resolved {
  request: Request;
  auth: Auth | null;
}

/**
 * Picks the auth for one request, in this order: the request's own (`extensions.auth`; `null`
 * means none at all), the client's default, then, when neither is set and the request has no
 * `Authorization` header of its own, `user:password` from the URL (percent-decoded) or the
 * `netrc` entry for the host, sent as Basic. Credentials are never left in the URL that is
 * sent, whichever auth applies.
 */
export function resolveAuth(request: Request, fallback: Auth | null, netrc?: CredentialsLookup): Resolved {
  const { username, password } = request.url;
  const sent = username || password ? withoutUserinfo(request) : request;
  const option = ownValue(request.extensions, 'auth', request.extensions.auth);
  if (option !== undefined) return { request: sent, auth: toAuth(option) };
  if (fallback !== null) return { request: sent, auth: fallback };
  if (request.headers.hasKey('authorization')) return { request: sent, auth: null };
  if (username || password)
    return { request: sent, auth: new BasicAuth(percentDecode(username), percentDecode(password)) };
  const found = netrc?.(netrcHost(request.url));
  return { request: sent, auth: found ? new BasicAuth(found[0], found[1]) : null };
}

function withoutUserinfo(request: Request): Request {
  const url = new URL(request.url.href);
  url.username = '';
  url.password = '';
  return request.with({ url });
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
