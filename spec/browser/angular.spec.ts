/**
 * The Angular adapter in real Chromium: Angular's HttpClient and TestBed, an interceptor, and
 * httprx's browser Client (XHR by default, fetch when given) against the real API server.
 */
import '@angular/compiler';
import { HttpErrorResponse, type HttpEvent, HttpEventType } from '@angular/common/http';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { provideHttprx } from '../../src/angular/index.ts';
import { Client, ConnectError, FetchTransport } from '../../src/browser.ts';
import { api, seen, uniqueKey } from './support/api.ts';
import { httpClient as http } from './support/test-bed.ts';

const isUpload = (event: HttpEvent<unknown>) => event.type === HttpEventType.UploadProgress;

describe('HttprxBackend under Angular’s HttpClient in Chromium', () => {
  it('sends through httprx’s browser Client with the interceptor’s header', async () => {
    const echo = await firstValueFrom(
      http(provideHttprx()).post<{ header: string; text: string }>(api('/echo'), { a: 1 }),
    );
    expect(echo).toEqual(jasmine.objectContaining({ header: 'intercepted', text: '{"a":1}' }));
  });

  it('reports upload progress for an upload the server reads slowly', async () => {
    const key = uniqueKey();
    const size = 8 * 1024 * 1024;
    const events = await lastValueFrom(
      http(provideHttprx())
        .post(api(`/slow-upload?key=${key}`), new Blob([new Uint8Array(size)]), {
          observe: 'events',
          reportUploadProgress: true,
        })
        .pipe(toArray()),
    );
    const uploads = events.filter(isUpload);
    expect(uploads.length).toBeGreaterThan(1);
    expect(uploads[uploads.length - 1]).toEqual({
      type: HttpEventType.UploadProgress,
      loaded: size,
      total: size,
    });
    expect(events[0]!.type).toBe(HttpEventType.Sent);
    const last = events[events.length - 1]!;
    expect(last.type === HttpEventType.Response && last.body).toEqual({ length: size });
    expect((await seen(key)).bodyBytes).toBe(size);
  });

  it('streams a download with partialText through a FetchTransport client', async () => {
    const client = new Client({ transport: new FetchTransport(), followRedirects: true });
    const events = await lastValueFrom(
      http(provideHttprx(client))
        .get(api('/stream?pieces=3'), {
          responseType: 'text',
          observe: 'events',
          reportDownloadProgress: true,
        })
        .pipe(toArray()),
    );
    const types = events.map((event) => event.type);
    expect(types.slice(0, 2)).toEqual([HttpEventType.Sent, HttpEventType.ResponseHeader]);
    const downloads = events.filter((event) => event.type === HttpEventType.DownloadProgress);
    expect(downloads.length).toBeGreaterThan(1);
    for (const event of downloads) expect(event.partialText?.length).toBe(event.loaded);
    expect(types[types.length - 1]).toBe(HttpEventType.Response);
    await client.close();
  });

  it('fails a 404 with HttpErrorResponse and its status', async () => {
    const error = await firstValueFrom(http(provideHttprx()).get(api('/status?code=404'))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpErrorResponse);
    expect((error as HttpErrorResponse).status).toBe(404);
    expect((error as HttpErrorResponse).error).toEqual({ status: 404 });
  });

  it('fails a network failure with status 0 and httprx’s ConnectError', async () => {
    const error = (await firstValueFrom(http(provideHttprx()).get('http://127.0.0.1:9/x')).catch(
      (e: unknown) => e,
    )) as HttpErrorResponse;
    expect(error).toBeInstanceOf(HttpErrorResponse);
    expect(error.status).toBe(0);
    expect(error.error).toBeInstanceOf(ConnectError);
  });

  it('passes withCredentials on to the browser (a CORS request with credentials the server allows)', async () => {
    const echo = await firstValueFrom(
      http(provideHttprx()).get<{ method: string }>(api('/echo'), { withCredentials: true }),
    );
    expect(echo.method).toBe('GET');
  });
});
