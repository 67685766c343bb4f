import type { Observable } from 'rxjs';
import type { Request } from '../models/request.ts';
import { sumCounts } from '../transports/mounted.ts';
import type { PoolCounts, Transport, TransportEvent } from '../transports/transport.ts';
import { type EnvironmentProxies, environmentProxies, environmentProxyFor } from './env-proxy.ts';
import { ProxySettings } from './proxy.ts';

/** The client's `proxy` option: a URL, a `Proxy`, or `null` for direct connections only. */
export type ProxyOption = string | URL | ProxySettings | null;

/**
 * Requests through the proxy meant for their URL, each proxy with a pool of its own (so no
 * connection is shared across proxies or their credentials), or over `direct`: the client's
 * `proxy` for every URL (an `all://` mount, as httpx has it), else the environment's
 * (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, minus `NO_PROXY`). Pools are made on first use;
 * closing closes them and `direct`, and the counts are theirs summed.
 */
export class ProxyRoutes implements Transport {
  readonly #direct: Transport;
  readonly #pick: (url: URL) => ProxySettings | undefined;
  readonly #makePool: (proxy: ProxySettings) => Transport;
  readonly #pools = new Map<string, Transport>();

  constructor(
    direct: Transport,
    pick: (url: URL) => ProxySettings | undefined,
    makePool: (proxy: ProxySettings) => Transport,
  ) {
    this.#direct = direct;
    this.#pick = pick;
    this.#makePool = makePool;
  }

  /**
   * The routes for a client's options, or `undefined` when every request goes direct: `proxy`
   * when given (`null`: none, the environment ignored), else with `trustEnv` the environment's.
   * A proxy variable that is no proxy URL is a `TypeError` naming it.
   */
  static of(
    direct: Transport,
    proxy: ProxyOption | undefined,
    trustEnv: boolean,
    makePool: (proxy: ProxySettings) => Transport,
  ): ProxyRoutes | undefined {
    if (proxy === null) return undefined;
    if (proxy !== undefined) {
      const all = ProxySettings.from(proxy);
      return new ProxyRoutes(direct, () => all, makePool);
    }
    if (!trustEnv) return undefined;
    const found = environmentProxies(process.env);
    if (found.http === undefined && found.https === undefined && found.all === undefined) return undefined;
    return new ProxyRoutes(direct, fromEnvironment(found), makePool);
  }

  handle(request: Request): Observable<TransportEvent> {
    const proxy = this.#pick(request.url);
    if (proxy === undefined) return this.#direct.handle(request);
    let pool = this.#pools.get(proxy.key);
    if (pool === undefined) {
      pool = this.#makePool(proxy);
      this.#pools.set(proxy.key, pool);
    }
    return pool.handle(request);
  }

  async close(): Promise<void> {
    await Promise.all([this.#direct, ...this.#pools.values()].map((pool) => pool.close()));
  }

  counts(): PoolCounts {
    return sumCounts([this.#direct, ...this.#pools.values()]);
  }
}

function fromEnvironment(found: EnvironmentProxies): (url: URL) => ProxySettings | undefined {
  const settings = new Map<string, ProxySettings>();
  return (url) => {
    const proxy = environmentProxyFor(found, url);
    if (proxy === undefined) return undefined;
    let made = settings.get(proxy.href);
    if (made === undefined) {
      made = new ProxySettings(proxy);
      settings.set(proxy.href, made);
    }
    return made;
  };
}
