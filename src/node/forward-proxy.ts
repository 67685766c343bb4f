import type { Dispatcher } from 'undici';
import type { ProxySettings } from './proxy.ts';

/**
 * A request to an `http://` target as a forwarding proxy takes it: sent to the proxy's origin
 * with the target in absolute form (`GET http://example.com/path HTTP/1.1`), the request's own
 * `Host` kept, the proxy's headers and `Proxy-Authorization` added, and for an `https://` proxy
 * its own host name for TLS (undici would take it from the `Host` header).
 */
export function forwardedOptions(
  options: Dispatcher.DispatchOptions,
  proxy: ProxySettings,
): Dispatcher.DispatchOptions {
  const headers = [...(options.headers as string[])];
  for (const [name, value] of Object.entries(proxy.headers)) headers.push(name, value);
  const authorization = proxy.authorization;
  if (authorization !== undefined) headers.push('Proxy-Authorization', authorization);
  const { url } = proxy;
  return {
    ...options,
    origin: url.origin,
    path: absoluteForm(String(options.origin), options.path),
    headers,
    // One name for every request through it: undici drops a connection when the name changes.
    ...(url.protocol === 'https:' ? { servername: url.hostname } : {}),
  } as Dispatcher.DispatchOptions;
}

/**
 * The target in absolute form: the origin and the path; `OPTIONS *` as the bare origin (RFC 9112
 * §3.2.4); a target already absolute as it is.
 */
function absoluteForm(origin: string, path: string): string {
  if (path.startsWith('/')) return `${origin}${path}`;
  return path === '*' ? origin : path;
}
