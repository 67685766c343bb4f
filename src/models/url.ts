import { InvalidUrl } from '../errors.ts';
import { QueryParams, type QueryParamsInit } from './params.ts';

const HAS_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
/** C0 controls and DEL: the URL parser would drop CR, LF and TAB unseen, so they are refused. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
const CONTROL = /[\x00-\x1f\x7f]/;

/** Throws `InvalidUrl` for a URL string holding a control character. */
function checkControls(input: string): void {
  const at = input.search(CONTROL);
  if (at !== -1)
    throw new InvalidUrl(
      `${JSON.stringify(input)} has a control character at index ${at}: percent-encode it (encodeURI)`,
    );
}

/**
 * Parses an absolute URL, raising `InvalidUrl` with the reason when it cannot. A `URL` is
 * copied: the caller may change theirs later.
 */
export function parseUrl(input: string | URL): URL {
  if (input instanceof URL) return new URL(input.href);
  if (typeof input !== 'string') throw new InvalidUrl(`A URL must be a string or a URL, not ${typeof input}`);
  checkControls(input);
  if (!HAS_SCHEME.test(input)) {
    throw new InvalidUrl(
      `${JSON.stringify(input)} is not an absolute URL: give a scheme and host, or set baseUrl`,
    );
  }
  try {
    return new URL(input);
  } catch (cause) {
    throw new InvalidUrl(`${JSON.stringify(input)} is not a valid URL`, { cause });
  }
}

/** A base URL with a path ending in `/`, so that joining treats its path as a prefix. */
export function normalizeBaseUrl(base: string | URL): URL {
  const url = parseUrl(base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/**
 * Joins `input` onto `base` (a normalized base URL). An absolute URL replaces the base; a
 * scheme-relative one (`//host/x`) takes the base's scheme; anything else is a path under the
 * base's path: `https://h/v1/` + `/users` = `https://h/v1/users`, `../x` = `https://h/x`.
 */
export function joinUrl(base: URL | undefined, input: string | URL): URL {
  return parseUrl(joinedInput(base && new JoinBase(base), input));
}

/**
 * A normalized base URL with what joining reads of it on every request: its href, and whether
 * a path may simply be appended to it (no query or fragment to drop). Read again when the URL
 * object was changed since (`client.baseUrl.pathname = …`).
 */
export class JoinBase {
  readonly url: URL;
  href = '';
  appendable = false;

  constructor(url: URL) {
    this.url = url;
    this.#read();
  }

  /** This, up to date with its URL. */
  current(): this {
    if (this.url.href !== this.href) this.#read();
    return this;
  }

  #read(): void {
    this.href = this.url.href;
    this.appendable = this.url.search === '' && this.url.hash === '';
  }
}

/**
 * What {@link joinUrl} parses, for a caller that parses it itself (`new Request` does): the
 * input when it is absolute or there is no base, else the joined URL, as a string when plain
 * concatenation gives it (so that it is parsed once, not twice).
 */
export function joinedInput(base: JoinBase | undefined, input: string | URL): string | URL {
  if (input instanceof URL || base === undefined || typeof input !== 'string' || HAS_SCHEME.test(input)) {
    return input;
  }
  const { url, href, appendable } = base.current();
  checkControls(input);
  try {
    if (input.startsWith('//')) return new URL(input, url);
    let start = 0;
    while (input.charCodeAt(start) === 0x2f) start++;
    const path = start === 0 ? input : input.slice(start);
    // A base without query or fragment: its href and the path parse to what resolving the path
    // against it gives (dot segments included), at about half the cost. A backslash (a path
    // separator in http URLs) or leading whitespace (which the parser trims) takes the general way.
    const plain = path === '' || (path.charCodeAt(0) > 0x20 && !path.includes('\\'));
    if (plain && appendable) return href + path;
    return new URL(path, url);
  } catch (cause) {
    throw new InvalidUrl(`${JSON.stringify(input)} cannot be joined to ${href}`, { cause });
  }
}

/**
 * `input` resolved against a page's address as a browser's fetch does (`/a` is the page's
 * origin's `/a`, `a` is beside the page): for a browser client without `baseUrl`.
 */
export function pageRelativeInput(input: string | URL, page: string): string | URL {
  if (input instanceof URL || typeof input !== 'string' || HAS_SCHEME.test(input)) return input;
  checkControls(input);
  try {
    return new URL(input, page);
  } catch (cause) {
    throw new InvalidUrl(`${JSON.stringify(input)} cannot be resolved against the page's address ${page}`, {
      cause,
    });
  }
}

/** Appends params after the URL's own query (which is kept as it is). Mutates and returns `url`. */
export function appendParams(url: URL, params: QueryParamsInit | null | undefined): URL {
  if (!params) return url;
  const query = (params instanceof QueryParams ? params : new QueryParams(params)).toString();
  if (query) url.search = url.search ? `${url.search}&${query}` : `?${query}`;
  return url;
}

/**
 * A URL as error messages show it: scheme, host and path, with no credentials and no query
 * (either may hold secrets; `?…` marks a query left out).
 */
export function urlForMessage(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
}

/** `//host`, `\\host`, `/\\host`…: a URL that names its own host (leading spaces are trimmed). */
const SCHEME_RELATIVE = /^ *[\\/][\\/]/;

/**
 * For a client with `allowAbsoluteUrls: false`: throws `InvalidUrl` unless `input` is a
 * relative path (no scheme, no `//host` or backslash form, not a `URL`) and `url`, what it
 * became, has `base`'s origin and userinfo and lies under its path (no `..` out of it).
 * `input` is `undefined` for a request built elsewhere: then only `url` is checked. Returns `url`.
 */
export function checkPinned(base: URL, url: URL, input?: unknown): URL {
  const shown = typeof input === 'string' ? JSON.stringify(input) : urlForMessage(url);
  const named =
    input !== undefined &&
    (typeof input !== 'string' || HAS_SCHEME.test(input) || SCHEME_RELATIVE.test(input));
  if (
    !named &&
    url.origin === base.origin &&
    url.username === base.username &&
    url.password === base.password &&
    url.pathname.startsWith(base.pathname)
  )
    return url;
  throw new InvalidUrl(
    `allowAbsoluteUrls is false: ${shown} ${named ? 'names a host of its own' : `leads outside baseUrl, to ${urlForMessage(url)}`}; give a path under ${urlForMessage(base)}`,
  );
}
