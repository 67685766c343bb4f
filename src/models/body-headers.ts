import type { RequestContent } from '../content/content.ts';
import { LocalProtocolError } from '../errors.ts';
import type { Headers } from './headers.ts';

const BODY_EXPECTED = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Refuses framing headers given by hand that contradict each other or the body, before
 * anything is sent: `Transfer-Encoding` next to `Content-Length` (the request-smuggling pair),
 * or a `Content-Length` other than the length of a body whose length is known (none counts as
 * 0). A streamed body's length is checked as it is sent: never a byte past the declared length.
 */
export function checkFraming(headers: Headers, body: RequestContent | null): void {
  const declared = headers.getKey('content-length');
  if (declared === null) return;
  if (headers.hasKey('transfer-encoding')) throw new LocalProtocolError(BOTH_FRAMINGS);
  const length = body === null ? 0 : body.length;
  if (length !== undefined && declared !== String(length))
    throw new LocalProtocolError(
      `Content-Length ${JSON.stringify(declared)} does not match the body's ${length} bytes: leave it out, it is set for you`,
    );
}

/** Why the request-smuggling pair, `Transfer-Encoding` beside `Content-Length`, is refused. */
export const BOTH_FRAMINGS =
  'A request cannot carry both Transfer-Encoding and Content-Length: leave both out, the body is framed for you';

/** Adds the headers the body implies (`Content-Type`, `Content-Length` or chunked) unless given. */
export function addBodyHeaders(headers: Headers, method: string, body: RequestContent | null): void {
  if (body === null) {
    if (BODY_EXPECTED.has(method) && !headers.has('content-length')) headers.append('Content-Length', '0');
    return;
  }
  for (const [name, value] of body.headers) if (!headers.has(name)) headers.append(name, value);
  if (headers.has('content-length') || headers.has('transfer-encoding')) return;
  if (body.length === undefined) headers.append('Transfer-Encoding', 'chunked');
  else headers.append('Content-Length', String(body.length));
}
