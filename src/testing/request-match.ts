import { describe } from '../config/describe.ts';
import { own } from '../config/own.ts';
import type { Request } from '../models/request.ts';

/**
 * Which requests a test means: a URL string (an absolute URL compared whole, query included;
 * or a path from `/`, compared with the request's path and query, for clients with a
 * `baseUrl` and Angular's relative URLs), a `RegExp` tested on the whole URL, an object of an
 * optional `method` (any case) and `url` (either of the above), or a predicate.
 */
export type RequestMatch =
  | string
  | RegExp
  | { readonly method?: string; readonly url?: string | RegExp }
  | ((request: Request) => boolean);

/** A request as the messages of the testing tools show it: method and URL, without userinfo. */
export function requestLine(request: Request): string {
  const { url } = request;
  return `${request.method} ${url.protocol}//${url.host}${url.pathname}${url.search}`;
}

/** The predicate a match stands for; a `TypeError` for a match of no known shape, naming it. */
export function matcherOf(match: RequestMatch): (request: Request) => boolean {
  if (typeof match === 'function') return match;
  if (typeof match === 'string' || match instanceof RegExp) return urlMatcher(match);
  if (typeof match === 'object' && match !== null) {
    const method = own(match, 'method');
    const url = own(match, 'url');
    if (method !== undefined && typeof method !== 'string')
      throw new TypeError(`A request match's method must be a string such as 'GET', not ${describe(method)}`);
    const byUrl = url === undefined ? undefined : urlMatcher(url);
    const upper = method?.toUpperCase();
    return (request) => (upper === undefined || request.method === upper) && (byUrl?.(request) ?? true);
  }
  throw new TypeError(
    `A request match is a URL string, a RegExp, { method?, url? } or a predicate (request) => boolean, not ${describe(match)}`,
  );
}

/** How a match reads in a message: `GET https://api.test/users`, `/users?page=2`, `a predicate`. */
export function describeMatch(match: RequestMatch): string {
  if (typeof match === 'function') return match.name ? `the predicate ${match.name}` : 'a predicate';
  if (typeof match === 'string') return match;
  if (match instanceof RegExp) return String(match);
  const method = own(match, 'method');
  const url = own(match, 'url');
  const parts = [method?.toUpperCase() ?? 'any method', url === undefined ? 'any URL' : String(url)];
  return parts.join(' ');
}

function urlMatcher(url: unknown): (request: Request) => boolean {
  if (url instanceof RegExp) return (request) => url.test(request.url.href);
  if (typeof url !== 'string')
    throw new TypeError(`A request match's url must be a string or a RegExp, not ${describe(url)}`);
  if (url.startsWith('/')) return (request) => `${request.url.pathname}${request.url.search}` === url;
  if (!URL.canParse(url))
    throw new TypeError(
      `A request match's URL must be absolute ('https://api.test/users?page=2') or a path from / ('/users?page=2'), not ${describe(url)}`,
    );
  const href = new URL(url).href;
  return (request) => request.url.href === href;
}
