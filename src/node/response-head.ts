import { Headers } from '../models/headers.ts';
import type { ResponseHead } from '../transports/response-body.ts';

/** The head of a final status line and undici's raw headers (raw casing kept). */
export function responseHead(
  status: number,
  rawHeaders: unknown,
  statusText: string | undefined,
): ResponseHead {
  const raw = (rawHeaders ?? []) as ReadonlyArray<Buffer | string>;
  const headers = Headers.fromRaw(
    raw.map((item) => (typeof item === 'string' ? item : item.toString('latin1'))),
  );
  return statusText
    ? { status, headers, ownHeaders: true, reasonPhrase: statusText }
    : { status, headers, ownHeaders: true };
}

/** The body length a `Content-Length` header declares, or `undefined` when it declares none. */
export function declaredLength(headers: Headers): number | undefined {
  const length = headers.get('content-length');
  return length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
}
