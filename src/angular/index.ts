/**
 * httprx for Angular (`httprx/angular`): an `HttpBackend` that sends Angular's `HttpClient`
 * requests through an httprx `Client`, and `provideHttprx()` to install it. It imports `Client`
 * from `httprx`, so a browser build gets the browser client and Node (SSR) the Node one.
 */
export { HTTPRX_CLIENT, HttprxBackend } from './backend.ts';
export { provideHttprx } from './provide.ts';
