import { ownValue } from './config/own.ts';
import type { Delivery } from './models/delivery.ts';
import type { RequestExtensions } from './models/request.ts';
import type { RequestOptions } from './options.ts';

/** The call settings `send()` takes besides `stream`. */
export const SEND_SETTINGS = ['auth', 'followRedirects', 'timeout'] as const;

/**
 * The extensions of a request: the given ones, with the call's settings (`auth`,
 * `followRedirects`, `timeout`: own properties; `null` is kept, it disables) and the delivery
 * the call wants, as a new object.
 */
export function withSettings(
  extensions: RequestExtensions | undefined,
  settings: Pick<RequestOptions, 'auth' | 'followRedirects' | 'timeout'>,
  delivery: Delivery | undefined,
): RequestExtensions {
  const out: RequestExtensions = { ...extensions };
  const auth = ownValue(settings, 'auth', settings.auth);
  const followRedirects = ownValue(settings, 'followRedirects', settings.followRedirects);
  const timeout = ownValue(settings, 'timeout', settings.timeout);
  if (auth !== undefined) out.auth = auth;
  if (followRedirects !== undefined) out.followRedirects = followRedirects;
  if (timeout !== undefined) out.timeout = timeout;
  if (delivery !== undefined) out.delivery = delivery;
  return out;
}
