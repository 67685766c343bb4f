import type { Headers } from '../models/headers.ts';

/**
 * A proxy would not carry a request: it answered CONNECT or a forwarded request with a status
 * other than 2xx (407 for missing credentials), or its SOCKS5 handshake failed. Raised inside
 * the Node transport, where no `Request` is at hand; `translateError` turns it into a
 * `ProxyError` with the same `status` and `headers`.
 */
export class ProxyRefusal extends Error {
  override name = 'ProxyRefusal';
  readonly code = 'HTTPRX_PROXY_REFUSED';
  /** The proxy's HTTP status, or the SOCKS5 reply or RFC 1929 status byte. */
  readonly status: number | undefined;
  /** The head of the proxy's HTTP reply. */
  readonly headers: Headers | undefined;

  constructor(message: string, status?: number, headers?: Headers, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.headers = headers;
  }
}

/**
 * A 407 from the proxy a request was forwarded to (it was dispatched to an origin other than
 * its own): the proxy's refusal, not the target's answer.
 */
export function forwardRefusal(
  status: number,
  reasonPhrase: string | undefined,
  headers: Headers,
  dispatchedTo: string | null,
  target: URL,
): ProxyRefusal | undefined {
  if (status !== 407 || dispatchedTo === null || dispatchedTo === target.origin) return undefined;
  const said = `${status}${reasonPhrase ? ` ${reasonPhrase}` : ''}`;
  return new ProxyRefusal(
    `The proxy ${new URL(dispatchedTo).host} answered the forwarded request with ${said}: it wants credentials (auth), or refused them`,
    status,
    headers,
  );
}
