import { defer, finalize, type Observable } from 'rxjs';
import type { BaseClient } from './client.ts';
import { ownValue } from './config/own.ts';
import type { HttpEvent } from './events.ts';
import type { Response } from './models/response.ts';
import type { RequestOptions } from './options.ts';

type Verb<O> = (url: string | URL, options?: O) => Observable<Response>;

/**
 * The top-level functions, each on a client made for the one request and closed when it ends.
 * `O` is what they take: the request's options plus the settings of the throw-away client
 * (Node: `OneOffOptions`).
 */
export interface OneOffFunctions<O extends RequestOptions = RequestOptions> {
  request(method: string, url: string | URL, options?: O): Observable<Response>;
  stream(method: string, url: string | URL, options?: O): Observable<HttpEvent>;
  get: Verb<O>;
  head: Verb<O>;
  options: Verb<O>;
  delete: Verb<O>;
  post: Verb<O>;
  put: Verb<O>;
  patch: Verb<O>;
}

/**
 * Builds the top-level functions over a platform's client: `C` is the client settings a one-off
 * takes (Node: `verify`, `cert`, `trustEnv`), `O` the whole options type (Node: `OneOffOptions`).
 * The options named in `clientNames` go to `makeClient` (own values only, `undefined` when not
 * given), the rest to the request.
 * Each subscription makes a client, sends through it and closes it when the Observable ends,
 * errors or is unsubscribed: simple, but no connection is ever reused. Anything beyond a
 * one-off wants a shared `Client`.
 */
export function oneOffFunctions<C extends object, O extends RequestOptions & C = RequestOptions & C>(
  makeClient: (options: C) => BaseClient,
  clientNames: readonly (keyof C & string)[],
): OneOffFunctions<O> {
  const run = <T>(
    options: O | undefined,
    send: (client: BaseClient, rest: RequestOptions) => Observable<T>,
  ) =>
    defer(() => {
      const given = (options ?? {}) as Readonly<Record<string, unknown>>;
      // Own properties only: the spread copies no inherited ones, and the settings are read as own.
      const rest: Record<string, unknown> = { ...given };
      const settings: Record<string, unknown> = {};
      for (const name of clientNames) {
        settings[name] = ownValue(given, name, given[name]);
        delete rest[name];
      }
      const client = makeClient(settings as C);
      return send(client, rest).pipe(finalize(() => void client.close()));
    });
  const request = (method: string, url: string | URL, options?: O) =>
    run(options, (client, rest) => client.request(method, url, rest));
  const verb =
    (method: string): Verb<O> =>
    (url, options) =>
      request(method, url, options);
  return {
    request,
    stream: (method, url, options) => run(options, (client, rest) => client.stream(method, url, rest)),
    get: verb('GET'),
    head: verb('HEAD'),
    options: verb('OPTIONS'),
    delete: verb('DELETE'),
    post: verb('POST'),
    put: verb('PUT'),
    patch: verb('PATCH'),
  };
}
