import {
  type HttpEvent as AngularEvent,
  type HttpDownloadProgressEvent,
  HttpErrorResponse,
  HttpEventType,
  type HttpRequest,
} from '@angular/common/http';
import type { HttpEvent, Response } from 'httprx/browser';
import { Observable } from 'rxjs';
import { failure, finalResponse, headerResponse } from './response.ts';

/** Which progress an Angular request asks for: Angular 22's flags, or the deprecated `reportProgress` for both. */
export interface Watched {
  upload: boolean;
  download: boolean;
}

export function watchedOf(request: HttpRequest<unknown>): Watched {
  return {
    upload: request.reportProgress || request.reportUploadProgress,
    download: request.reportProgress || request.reportDownloadProgress,
  };
}

/**
 * httprx's events of one call as Angular's: `Sent` once, `UploadProgress`, then (download
 * progress asked for) `ResponseHeader` and `DownloadProgress`, with `partialText` for a text
 * response, and last the `HttpResponse`, or an `HttpErrorResponse` as the error. No progress
 * event comes unless asked for. A redirect hop or a retried attempt starts the download over.
 */
export function angularEvents(
  source: Observable<HttpEvent>,
  request: HttpRequest<unknown>,
  watched: Watched,
): Observable<AngularEvent<unknown>> {
  return new Observable<AngularEvent<unknown>>((subscriber) => {
    const text = request.responseType === 'text';
    let sent = false;
    let head: Response | null = null;
    let headSent = false;
    let decoder: TextDecoder | null = null;
    let partialText = '';
    /** A text response's progress waits for its chunk, so that `partialText` holds what `loaded` counts. */
    let pending: HttpDownloadProgressEvent | null = null;
    const sendHead = () => {
      if (head !== null && !headSent) subscriber.next(headerResponse(head));
      headSent = true;
    };
    const flush = () => {
      if (pending === null) return;
      sendHead();
      subscriber.next(partialText === '' ? pending : { ...pending, partialText });
      pending = null;
    };
    const restart = () => {
      head = null;
      headSent = false;
      decoder = null;
      partialText = '';
      pending = null;
    };
    return source.subscribe({
      next: (event) => {
        switch (event.type) {
          case 'sent':
            if (!sent) subscriber.next({ type: HttpEventType.Sent });
            sent = true;
            return;
          case 'upload':
            if (watched.upload) subscriber.next({ type: HttpEventType.UploadProgress, ...progress(event) });
            return;
          case 'headers':
            head = event.response;
            return;
          case 'download': {
            if (!watched.download) return;
            flush();
            pending = { type: HttpEventType.DownloadProgress, ...progress(event) };
            if (!text) flush();
            return;
          }
          case 'chunk':
            if (!watched.download || !text) return;
            decoder ??= new TextDecoder(head?.encoding ?? 'utf-8');
            partialText += decoder.decode(event.data, { stream: true });
            flush();
            return;
          case 'redirect':
          case 'retry':
            restart();
            return;
          case 'response': {
            flush();
            if (watched.download) {
              head ??= event.response;
              sendHead();
            }
            const last = finalResponse(request, event.response);
            if (last instanceof HttpErrorResponse) subscriber.error(last);
            else subscriber.next(last);
            return;
          }
        }
      },
      error: (error: unknown) => subscriber.error(failure(request, error)),
      complete: () => subscriber.complete(),
    });
  });
}

function progress(event: { loaded: number; total?: number }): { loaded: number; total?: number } {
  return event.total === undefined ? { loaded: event.loaded } : { loaded: event.loaded, total: event.total };
}
