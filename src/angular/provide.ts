import { HttpBackend } from '@angular/common/http';
import { type EnvironmentProviders, makeEnvironmentProviders } from '@angular/core';
// Types from the browser entry, which needs no Node types (an Angular app has none); values
// from \`httprx\`, which is the Node build under SSR. BaseClient is one class in both.
import { BaseClient as AnyClient } from 'httprx';
import type { BaseClient, ClientOptions } from 'httprx/browser';
import { followingClient, HTTPRX_CLIENT, HttprxBackend } from './backend.ts';

/**
 * Angular's `HttpClient` over httprx: place it after `provideHttpClient(...)` (whose own backend
 * it replaces). Given a `Client`, every request goes through it (the app closes it); given
 * options, or nothing, a `Client` is made from them (following redirects unless
 * `followRedirects: false`, as Angular apps expect of a browser) and closed when the injector
 * is destroyed.
 * @example
 * bootstrapApplication(App, {
 *   providers: [provideHttpClient(withInterceptors([auth])), provideHttprx({ retry: 2, timeout: 10_000 })],
 * });
 */
export function provideHttprx(clientOrOptions: BaseClient | ClientOptions = {}): EnvironmentProviders {
  return makeEnvironmentProviders([
    {
      provide: HTTPRX_CLIENT,
      useFactory: () =>
        clientOrOptions instanceof AnyClient ? clientOrOptions : followingClient(clientOrOptions),
    },
    { provide: HttpBackend, useClass: HttprxBackend },
  ]);
}
