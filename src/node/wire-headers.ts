import type { Dispatcher } from 'undici';
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

/** The request's headers as undici takes them: flat, raw casing, without the framing it adds itself. */
export function wireHeaders(request: Request): string[] {
  return request.headers.rawWithout('transfer-encoding');
}
