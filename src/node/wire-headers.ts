import type { Dispatcher } from 'undici';
import { LocalProtocolError } from '../errors.ts';
import { BOTH_FRAMINGS } from '../models/body-headers.ts';
import type { Request } from '../models/request.ts';
import { checkTarget } from '../models/request-target.ts';
import { uploadBody } from './upload-body.ts';

/**
 * What undici's `dispatch()` takes for `request`: origin, target, method, wire headers and body
 * (`reset`: close the connection after it). Throws for a target changed into one that cannot be sent.
 */
export function dispatchOptions(request: Request, reset: boolean): Dispatcher.DispatchOptions {
  if (request.extensions.target !== undefined) checkTarget(request.extensions.target, request.method);
  const body = (
    request.body === null ? null : uploadBody(request.body)
  ) as Dispatcher.DispatchOptions['body'];
  return {
    origin: request.url.origin,
    path: request.target,
    method: request.method,
    headers: wireHeaders(request),
    body,
    reset,
  };
}

/**
 * The request's headers as undici takes them: flat, raw casing, without the framing it adds
 * itself. A `Transfer-Encoding` next to a `Content-Length` (set after the request was built,
 * which refuses the pair) is refused, not dropped: one of them was meant, and it cannot be told which.
 */
export function wireHeaders(request: Request): string[] {
  const headers = request.headers;
  if (!headers.hasKey('transfer-encoding')) return headers.raw();
  if (headers.hasKey('content-length')) throw new LocalProtocolError(BOTH_FRAMINGS, request);
  return headers.rawWithout('transfer-encoding');
}
