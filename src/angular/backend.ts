import {
  type HttpEvent as AngularEvent,
  type HttpBackend,
  HttpErrorResponse,
  HttpEventType,
  type HttpRequest,
} from '@angular/common/http';
import { DestroyRef, InjectionToken, inject } from '@angular/core';
import { Client } from 'httprx';
import type { BaseClient, ClientOptions } from 'httprx/browser';
import { catchError, defer, map, type Observable, startWith, throwError } from 'rxjs';
import { angularEvents, watchedOf } from './events.ts';
import { requestOptions } from './request.ts';
import { failure, finalResponse } from './response.ts';

/** The httprx `Client` an {@link HttprxBackend} sends through; `provideHttprx()` provides it. */
export const HTTPRX_CLIENT = new InjectionToken<BaseClient>('httprx Client');

/**
 * An Angular `HttpBackend` that sends every `HttpRequest` through an httprx `Client`, so
 * httprx's retry, timeouts, auth and middleware apply beneath Angular's own interceptors. It
 * takes the client of `provideHttprx()`, or else makes its own (following redirects, as a
 * browser does), closed when its injector is destroyed: `{ provide: HttpBackend, useClass:
 * HttprxBackend }` alone works. A request that asks for no progress takes httprx's buffered
 * path (`request()`); one that does takes `events()`, whose progress Angular then gets.
 * Unsubscribing aborts the request.
 */
export class HttprxBackend implements HttpBackend {
  readonly #client: BaseClient = inject(HTTPRX_CLIENT, { optional: true }) ?? followingClient();

  handle(request: HttpRequest<unknown>): Observable<AngularEvent<unknown>> {
    return defer(() => {
      const client = this.#client;
      const options = requestOptions(client, request);
      const watched = watchedOf(request);
      if (watched.upload || watched.download)
        return angularEvents(client.events(request.method, request.urlWithParams, options), request, watched);
      return client.request(request.method, request.urlWithParams, options).pipe(
        map((response) => {
          const last = finalResponse(request, response);
          if (last instanceof HttpErrorResponse) throw last;
          return last;
        }),
        catchError((error: unknown) =>
          throwError(() => (error instanceof HttpErrorResponse ? error : failure(request, error))),
        ),
        startWith<AngularEvent<unknown>>({ type: HttpEventType.Sent }),
      );
    });
  }
}

/**
 * A client made here from `options`: it follows redirects unless told not to (as Angular apps
 * expect of a browser) and is closed when the injector it was made in is destroyed.
 */
export function followingClient(options: ClientOptions = {}): BaseClient {
  const client = new Client({ followRedirects: true, ...options });
  inject(DestroyRef).onDestroy(() => void client.close());
  return client;
}
