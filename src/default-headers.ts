import { Headers } from './models/headers.ts';

/**
 * The headers a client starts with, in this order: `Accept` for any media type (on every
 * platform), then the platform's (`PlatformParts.defaultHeaders`). Browsers forbid setting
 * Accept-Encoding, Connection and User-Agent, so only Node adds them (the Node entry's
 * `defaultHeaders()` is the Node set).
 */
export function defaultHeaders(platform: readonly (readonly [name: string, value: string])[] = []): Headers {
  return new Headers([['Accept', '*/*'], ...platform]);
}
