import { defer, finalize, type Observable } from 'rxjs';
import type { BaseClient } from './client.ts';
import { own } from './config/own.ts';
import type { HttpEvent } from './events.ts';
import type { Response } from './models/response.ts';
import type { CertOption, ClientOptions, RequestOptions, VerifyOption } from './options.ts';

/** A one-off request's options: the request's own, plus the settings of its throw-away client. */
export interface OneOffOptions extends RequestOptions {
  /** @default true */
  verify?: VerifyOption;
  /** @default none */
  cert?: CertOption;
  /** @default true */
  trustEnv?: boolean;
}

type Verb = (url: string | URL, options?: OneOffOptions) => Observable<Response>;

/** The top-level functions, each on a client made for the one request and closed when it ends. */
export interface OneOffFunctions {
  request(method: string, url: string | URL, options?: OneOffOptions): Observable<Response>;
  stream(method: string, url: string | URL, options?: OneOffOptions): Observable<HttpEvent>;
  get: Verb;
  head: Verb;
  options: Verb;
  delete: Verb;
  post: Verb;
  put: Verb;
  patch: Verb;
}

/**
 * Builds the top-level functions over a platform's client. Each subscription makes a client,
 * sends through it and closes it when the Observable ends, errors or is unsubscribed: simple,
 * but no connection is ever reused. Anything beyond a one-off wants a shared `Client`.
 */
export function oneOffFunctions(makeClient: (options: ClientOptions) => BaseClient): OneOffFunctions {
  const run = <T>(
    options: OneOffOptions | undefined,
    send: (client: BaseClient, rest: RequestOptions) => Observable<T>,
  ) =>
    defer(() => {
      const given = options ?? {};
      // Own properties only: the rest spread copies no inherited ones, and neither may these.
      const { verify: _verify, cert: _cert, trustEnv: _trustEnv, ...rest } = given;
      const client = makeClient({
        verify: own(given, 'verify'),
        cert: own(given, 'cert'),
        trustEnv: own(given, 'trustEnv'),
      });
      return send(client, rest).pipe(finalize(() => void client.close()));
    });
  const request = (method: string, url: string | URL, options?: OneOffOptions) =>
    run(options, (client, rest) => client.request(method, url, rest));
  const verb =
    (method: string): Verb =>
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
