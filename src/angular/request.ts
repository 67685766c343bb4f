import type { HttpRequest } from '@angular/common/http';
import { Timeout } from 'httprx';
import type { BaseClient, RequestOptions } from 'httprx/browser';

const FORM_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

/** The fetch settings of an Angular `HttpRequest` that reach a browser transport as request extensions. */
const PASSED_ON = [
  'keepalive',
  'priority',
  'cache',
  'mode',
  'redirect',
  'referrer',
  'integrity',
  'referrerPolicy',
] as const;

/** What Angular's XHR and fetch backends send as `Accept` when a request sets none. */
const ANGULAR_ACCEPT = 'application/json, text/plain, */*';

/**
 * An Angular `HttpRequest` as httprx request options: every header (Angular's own `Content-Type`
 * for the body kind and `Accept` when none is set, as its XHR and fetch backends do), the body as Angular serializes it (`HttpParams` and
 * `URLSearchParams` as a form, objects as JSON, `FormData` as a multipart body of its fields and
 * files), `withCredentials`/`credentials` and the other fetch settings as extensions, and
 * Angular's `timeout` as the total deadline over the client's own phase timeouts.
 */
export function requestOptions(client: BaseClient, request: HttpRequest<unknown>): RequestOptions {
  const headers: [string, string][] = [];
  for (const name of request.headers.keys())
    for (const value of request.headers.getAll(name) ?? []) headers.push([name, value]);
  // The Accept Angular's own backends send when the request names none.
  if (!request.headers.has('Accept')) headers.push(['Accept', ANGULAR_ACCEPT]);
  const options: RequestOptions = { headers, extensions: extensionsOf(request) };
  const body = request.serializeBody();
  if (body !== null) {
    // Angular takes URLSearchParams for an object, to be sent as JSON: it is a form.
    const type = body instanceof URLSearchParams ? FORM_TYPE : request.detectContentTypeHeader();
    if (type !== null && !request.headers.has('Content-Type')) headers.push(['Content-Type', type]);
    if (body instanceof FormData) {
      const data: [string, string][] = [];
      const files: [string, File][] = [];
      for (const [name, value] of body) {
        if (typeof value === 'string') data.push([name, value]);
        else files.push([name, value]);
      }
      options.data = data;
      options.files = files;
    } else options.content = body instanceof URLSearchParams ? body.toString() : body;
  }
  if (request.timeout !== undefined) {
    const { connect, read, write, pool } = client.timeout;
    options.timeout = new Timeout({ connect, read, write, pool, total: request.timeout });
  }
  return options;
}

function extensionsOf(request: HttpRequest<unknown>): Record<string, unknown> {
  const extensions: Record<string, unknown> = {};
  if (request.withCredentials) extensions.credentials = 'include';
  if (request.credentials) extensions.credentials = request.credentials;
  for (const name of PASSED_ON) {
    const value = request[name];
    if (value !== undefined && value !== null && value !== '' && value !== false) extensions[name] = value;
  }
  return extensions;
}
