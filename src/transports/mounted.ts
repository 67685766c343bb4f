import type { Observable } from 'rxjs';
import { describe } from '../config/describe.ts';
import type { Request } from '../models/request.ts';
import type { PoolCounts, Transport, TransportEvent } from './transport.ts';
import { UrlPattern } from './url-pattern.ts';

/** The client's `mounts` option: URL patterns to the transport for them, `null` for the default one. */
export type Mounts = Readonly<Record<string, Transport | null>>;

/**
 * The client's transport with its `mounts`: each request (each hop of a redirect too) goes to
 * the transport of the most specific pattern its URL matches (see {@link UrlPattern.compare}),
 * or the fallback; a `null` mount goes to `direct` (the client's own transport, without the
 * proxies the fallback may route through: the fallback itself, or a transport it owns). Closing
 * closes the fallback and the mounted transports; the counts are theirs summed.
 */
export class MountedTransport implements Transport {
  readonly #routes: readonly { pattern: UrlPattern; transport: Transport }[];
  readonly #fallback: Transport;
  readonly #all: readonly Transport[];

  constructor(fallback: Transport, mounts: Mounts, direct: Transport = fallback) {
    this.#fallback = fallback;
    this.#routes = Object.entries(mounts)
      .map(([pattern, transport]) => ({ pattern: new UrlPattern(pattern), transport: transport ?? direct }))
      .sort((a, b) => UrlPattern.compare(a.pattern, b.pattern));
    const mounted = Object.values(mounts).filter((transport) => transport !== null);
    this.#all = [...new Set([fallback, ...mounted])];
  }

  /** The transport for `url`. */
  transportFor(url: URL): Transport {
    return this.#routes.find((route) => route.pattern.matches(url))?.transport ?? this.#fallback;
  }

  handle(request: Request): Observable<TransportEvent> {
    return this.transportFor(request.url).handle(request);
  }

  async close(): Promise<void> {
    await Promise.all(this.#all.map((transport) => transport.close()));
  }

  counts(): PoolCounts {
    return sumCounts(this.#all);
  }
}

/** The pool counts of `transports` summed (a transport without counts adds nothing). */
export function sumCounts(transports: Iterable<Transport>): PoolCounts {
  let active = 0;
  let idle = 0;
  for (const transport of transports) {
    const counts = transport.counts?.();
    active += counts?.active ?? 0;
    idle += counts?.idle ?? 0;
  }
  return { active, idle };
}

/**
 * The `mounts` option checked: a record of patterns to a transport or `null`; a `TypeError`
 * naming the first wrong entry.
 */
export function checkMounts(mounts: unknown): void {
  if (mounts === undefined) return;
  if (typeof mounts !== 'object' || mounts === null || Array.isArray(mounts))
    throw new TypeError(
      `mounts must be a record of URL patterns to transports, such as { 'https://api.example.com': transport, 'all://*.internal': null }, not ${describe(mounts)}`,
    );
  for (const [pattern, transport] of Object.entries(mounts)) {
    new UrlPattern(pattern);
    const candidate = transport as { handle?: unknown; close?: unknown } | null;
    if (
      candidate !== null &&
      (typeof candidate?.handle !== 'function' || typeof candidate.close !== 'function')
    )
      throw new TypeError(
        `mounts['${pattern}'] must be a Transport (with handle(request) and close()) or null for the default one, not ${describe(transport)}`,
      );
  }
}
