import { ownValue } from './config/own.ts';
import type { Delivery } from './models/delivery.ts';
import type { Request, RequestExtensions } from './models/request.ts';
import type { RequestOptions } from './options.ts';

/** The call settings `send()` takes besides `stream`. */
export const SEND_SETTINGS = ['auth', 'followRedirects', 'timeout'] as const;

/**
 * The extensions of a request: the given ones, with the call's settings (`auth`,
 * `followRedirects`, `timeout`, `maxResponseSize`: own properties; `null` is kept, it disables)
 * and the delivery the call wants, as a new object. `limit` is the client's `maxResponseSize`,
 * taken when neither the settings nor the extensions name one.
 */
export function withSettings(
  extensions: RequestExtensions | undefined,
  settings: Pick<RequestOptions, 'auth' | 'followRedirects' | 'timeout' | 'maxResponseSize'>,
  delivery: Delivery | undefined,
  limit?: number,
): RequestExtensions {
  const out: RequestExtensions = { ...extensions };
  const auth = ownValue(settings, 'auth', settings.auth);
  const followRedirects = ownValue(settings, 'followRedirects', settings.followRedirects);
  const timeout = ownValue(settings, 'timeout', settings.timeout);
  const size = ownValue(settings, 'maxResponseSize', settings.maxResponseSize);
  if (auth !== undefined) out.auth = auth;
  if (followRedirects !== undefined) out.followRedirects = followRedirects;
  if (timeout !== undefined) out.timeout = timeout;
  if (size !== undefined) out.maxResponseSize = size;
  else if (limit !== undefined && out.maxResponseSize === undefined) out.maxResponseSize = limit;
  if (delivery !== undefined) out.delivery = delivery;
  return out;
}

/** A request built elsewhere, with the client's `maxResponseSize` (`limit`) when it names none: a copy then. */
export function withLimit(request: Request, limit: number | undefined): Request {
  const { extensions } = request;
  if (
    limit === undefined ||
    ownValue(extensions, 'maxResponseSize', extensions.maxResponseSize) !== undefined
  )
    return request;
  return request.with({ extensions: { ...extensions, maxResponseSize: limit } });
}
