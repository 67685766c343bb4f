import type { Request, RequestExtensions } from '../models/request.ts';

/**
 * What a request may ask of a browser transport, in its `extensions` (own properties; the
 * Angular adapter sets them from Angular's `HttpRequest`). Each is passed to `fetch()` as it
 * is; XHR has only `credentials`.
 */
export interface BrowserRequestExtensions extends RequestExtensions {
  /**
   * Whether the browser sends its cookies and HTTP authentication (`'include'`: also to other
   * origins; `'omit'`: never, fetch only).
   * @default the transport's
   */
  credentials?: RequestCredentials;
  /** fetch's `redirect`. @default the transport's */
  redirect?: RequestRedirect;
  /** fetch's `keepalive`: the request may outlive the page. @default false */
  keepalive?: boolean;
  /** fetch's `priority`. @default 'auto' */
  priority?: 'high' | 'low' | 'auto';
  /** fetch's `cache`. @default 'default' */
  cache?: RequestCache;
  /** fetch's `mode`. @default 'cors' */
  mode?: RequestMode;
  /** fetch's `referrer`. @default 'about:client' */
  referrer?: string;
  /** fetch's `referrerPolicy`. @default the document's */
  referrerPolicy?: ReferrerPolicy;
  /** fetch's `integrity`. @default '' */
  integrity?: string;
}

/** The names of {@link BrowserRequestExtensions}, all of which fetch() takes as they are. */
export const FETCH_EXTENSIONS = [
  'credentials',
  'redirect',
  'keepalive',
  'priority',
  'cache',
  'mode',
  'referrer',
  'referrerPolicy',
  'integrity',
] as const satisfies readonly (keyof BrowserRequestExtensions)[];

/** The request's own `extensions.credentials`, if any. */
export function credentialsOf(request: Request): RequestCredentials | undefined {
  const { extensions } = request;
  return Object.hasOwn(extensions, 'credentials')
    ? (extensions.credentials as RequestCredentials)
    : undefined;
}

/** The fetch() settings the request's own extensions give. */
export function fetchSettings(request: Request): RequestInit {
  const { extensions } = request;
  const settings: Record<string, unknown> = {};
  for (const name of FETCH_EXTENSIONS)
    if (Object.hasOwn(extensions, name) && extensions[name] !== undefined) settings[name] = extensions[name];
  // The browser checks the values and names a wrong one.
  return settings as RequestInit;
}
