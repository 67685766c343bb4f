import { Headers } from '../models/headers.ts';
import type { Request } from '../models/request.ts';
import type { ResponseHead } from '../transports/response-body.ts';

/**
 * The head of a browser response. The browser followed any redirect itself, so when it ended
 * elsewhere the response names a request for the final URL (`response.url` is then true).
 * The platform says nothing of the HTTP version: it stays the default.
 */
export function browserHead(
  request: Request,
  status: number,
  statusText: string,
  headers: Headers,
  finalUrl: string,
): ResponseHead {
  const head: ResponseHead = { status, headers, reasonPhrase: statusText, ownHeaders: true };
  if (finalUrl !== '' && finalUrl !== request.url.href)
    head.request = request.with({ url: new URL(finalUrl) });
  return head;
}

/** XHR's `getAllResponseHeaders()`: `name: value` lines joined by CRLF (names lower-cased by the browser). */
export function parseHeaderBlock(block: string): Headers {
  const headers = new Headers();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * The body's length on the wire when the head declares it and the browser counts the same
 * bytes: not for a compressed body, which the browser decodes and counts decoded.
 */
export function declaredTotal(headers: Headers): number | undefined {
  const encoding = headers.get('content-encoding');
  if (encoding !== null && encoding.toLowerCase() !== 'identity') return undefined;
  const length = headers.get('content-length');
  if (length === null || !/^\d+$/.test(length)) return undefined;
  return Number(length);
}
