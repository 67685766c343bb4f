import { Headers } from '../models/headers.ts';
import type { Request } from '../models/request.ts';
import { Response } from '../models/response.ts';

/** The `Response` of a final status line and undici's raw headers (raw casing kept), body unread. */
export function responseHead(
  request: Request,
  status: number,
  rawHeaders: unknown,
  statusText: string | undefined,
): Response {
  const raw = (rawHeaders ?? []) as ReadonlyArray<Buffer | string>;
  const headers = Headers.fromRaw(
    raw.map((item) => (typeof item === 'string' ? item : item.toString('latin1'))),
  );
  return new Response(status, {
    headers,
    request,
    ...(statusText ? { reasonPhrase: statusText } : {}),
  })._begin();
}

/** The body length a `Content-Length` header declares, or `undefined` when it declares none. */
export function declaredLength(headers: Headers): number | undefined {
  const length = headers.get('content-length');
  return length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
}
