import type { SchedulerLike } from 'rxjs';
import type { PlatformOptions } from '../client-options.ts';
import { auth } from '../middleware/auth/auth.ts';
import type { CredentialsLookup } from '../middleware/auth/types.ts';
import { compose } from '../middleware/compose.ts';
import { hooks } from '../middleware/hooks.ts';
import { redirects } from '../middleware/redirects.ts';
import { retry } from '../middleware/retry.ts';
import { deadline, timeouts } from '../middleware/timeouts.ts';
import type { ClientOptions } from '../options.ts';
import type { Middleware, Transport } from '../transports/transport.ts';

/**
 * What a platform entry adds: Node keeps a cookie jar, reads ~/.netrc, takes its own options
 * and sends more default headers; browsers do none of it.
 */
export interface PlatformParts {
  /** The cookie layer (Node: a tough-cookie jar); browsers leave cookies to the browser. */
  cookies?: Middleware;
  /** Credentials by host from the environment (Node: netrc, unless `trustEnv: false`). */
  netrc?: CredentialsLookup;
  /** The client options the platform adds (Node: `verify`, `cert`, `trustEnv`, `cookies`), checked with the neutral ones. */
  options?: PlatformOptions;
  /**
   * The headers the platform's clients start with after the neutral `Accept`, in this order (Node:
   * Accept-Encoding, Connection, User-Agent; a browser may set none of these).
   */
  defaultHeaders?: readonly (readonly [name: string, value: string])[];
  /**
   * The address a relative URL resolves against when the client has no `baseUrl` (browsers: the
   * page's, as fetch and XHR resolve them); Node has none, and a relative URL there is `InvalidUrl`.
   */
  pageAddress?: () => string | undefined;
}

/**
 * The client's middleware, in the one order that makes httpx's behaviour fall out:
 *
 *   user middleware → deadline → auth → redirects → ‖ per hop: hooks → cookies → retry → timeouts → transport
 *
 * User middleware is outermost, so it sees the request as the caller built it and the final
 * response. The `total` deadline bounds everything below it: hops, auth round trips, retries
 * and their delays. Auth wraps the redirect loop, so a 401 reached after redirects goes to
 * the auth flow, and credentials auth added are stripped (never re-added) on a cross-origin
 * hop. Everything under redirects acts on each hop: hooks see every hop's request and
 * response; the jar adds cookies for each hop's URL and stores each hop's Set-Cookie; retry
 * re-sends only the single hop below it; the phase timeouts bound one attempt.
 */
export function clientPipeline(
  transport: Transport,
  options: ClientOptions & { scheduler: SchedulerLike },
  platform: PlatformParts,
): Transport {
  const { scheduler } = options;
  const layers: Middleware[] = [
    ...(options.middleware ?? []),
    deadline(options.timeout, { scheduler }),
    auth(options.auth ?? null, { netrc: platform.netrc }),
    redirects({
      follow: options.followRedirects ?? false,
      maxRedirects: options.maxRedirects,
      sensitiveHeaders: options.sensitiveHeaders,
    }),
  ];
  if (options.eventHooks) layers.push(hooks(options.eventHooks));
  if (platform.cookies) layers.push(platform.cookies);
  if (options.retry) layers.push(retry(options.retry, { scheduler }));
  layers.push(timeouts(options.timeout, { scheduler }));
  return compose(transport, ...layers);
}
