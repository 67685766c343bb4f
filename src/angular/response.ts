import {
  type HttpEvent as AngularEvent,
  HttpErrorResponse,
  HttpHeaderResponse,
  HttpHeaders,
  type HttpRequest,
  HttpResponse,
} from '@angular/common/http';
import type { Headers, Response } from 'httprx/browser';

const XSSI_PREFIX = /^\)\]\}',?\n/;

export function angularHeaders(headers: Headers): HttpHeaders {
  const record: Record<string, string[]> = {};
  for (const [name, value] of headers) {
    record[name] ??= [];
    record[name].push(value);
  }
  return new HttpHeaders(record);
}

/** What every Angular response takes from the head: headers, status, status text, URL. */
function headOf(response: Response) {
  return {
    headers: angularHeaders(response.headers),
    status: response.status,
    statusText: response.reasonPhrase,
    url: response.url.href,
  };
}

/** A response's head as Angular's `ResponseHeader` event. */
export function headerResponse(response: Response): HttpHeaderResponse {
  return new HttpHeaderResponse(headOf(response));
}

/**
 * The final response as Angular gives it: an `HttpResponse` with the body in the asked
 * `responseType` for a 2xx, else (or for a 2xx whose JSON does not parse) an
 * `HttpErrorResponse` whose `error` is the body, as Angular's own backends do.
 */
export function finalResponse(
  request: HttpRequest<unknown>,
  response: Response,
): AngularEvent<unknown> | HttpErrorResponse {
  const init = headOf(response);
  let ok = response.isSuccess;
  let body: unknown = null;
  if (response.status !== 204) {
    switch (request.responseType) {
      case 'arraybuffer': {
        const { content } = response;
        body = content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength);
        break;
      }
      case 'blob':
        body = new Blob([response.content as Uint8Array<ArrayBuffer>], {
          type: response.headers.get('content-type') ?? '',
        });
        break;
      case 'text':
        body = response.text;
        break;
      default: {
        const text = response.text.replace(XSSI_PREFIX, '');
        try {
          body = text === '' ? null : JSON.parse(text);
        } catch (error) {
          body = ok ? { error, text: response.text } : response.text;
          ok = false;
        }
      }
    }
  }
  return ok ? new HttpResponse({ ...init, body }) : new HttpErrorResponse({ ...init, error: body });
}

/** A failure with no response (network, timeout, abort by the platform): status 0, the httprx error as `error`. */
export function failure(request: HttpRequest<unknown>, error: unknown): HttpErrorResponse {
  return new HttpErrorResponse({ error, status: 0, statusText: 'Unknown Error', url: request.urlWithParams });
}
