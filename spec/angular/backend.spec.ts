/**
 * The Angular adapter in Node (SSR's platform): Angular's real HttpClient, DI and interceptors
 * over httprx's Node Client, against the real node:http server the browser suite uses too.
 */
import '@angular/compiler';
import type { Server } from 'node:http';
import {
  HttpBackend,
  HttpClient,
  HttpErrorResponse,
  type HttpEvent,
  HttpEventType,
  HttpHeaders,
  type HttpInterceptorFn,
  HttpParams,
  HttpRequest,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import {
  createEnvironmentInjector,
  type EnvironmentInjector,
  Injector,
  provideZonelessChangeDetection,
  ɵINJECTOR_SCOPE,
} from '@angular/core';
import { Client, ConnectError, TotalTimeout } from 'httprx';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttprxBackend, provideHttprx } from '../../src/angular/index.ts';
import { startApiServer } from '../browser/support/api-server.ts';

let server: Server;
let origin: string;
beforeAll(async () => {
  ({ server, origin } = await startApiServer());
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const tagged: HttpInterceptorFn = (request, next) =>
  next(request.clone({ setHeaders: { 'X-Echo': 'intercepted' } }));

/** A root injector as an app's: zoneless, HttpClient with an interceptor, then httprx's providers. */
function injector(...providers: Parameters<typeof createEnvironmentInjector>[0]): EnvironmentInjector {
  return createEnvironmentInjector(
    [
      { provide: ɵINJECTOR_SCOPE, useValue: 'root' },
      provideZonelessChangeDetection(),
      provideHttpClient(withInterceptors([tagged])),
      ...providers,
    ],
    Injector.create({ providers: [] }) as EnvironmentInjector,
  );
}

describe('HttprxBackend under Angular’s HttpClient (Node)', () => {
  it('sends through httprx, with the interceptor’s header, and parses JSON', async () => {
    const inj = injector(provideHttprx());
    const http = inj.get(HttpClient);
    expect(inj.get(HttpBackend)).toBeInstanceOf(HttprxBackend);
    const echo = await firstValueFrom(
      http.post<{ header: string; text: string; contentType: string }>(`${origin}/echo`, { a: 1 }),
    );
    expect(echo).toMatchObject({ header: 'intercepted', text: '{"a":1}', contentType: 'application/json' });
    inj.destroy();
  });

  it('sends the Accept Angular’s own backends send when the request names none, and the request’s own else', async () => {
    const inj = injector(provideHttprx());
    const http = inj.get(HttpClient);
    const plain = await firstValueFrom(http.get<{ accept: string }>(`${origin}/echo`));
    expect(plain.accept).toBe('application/json, text/plain, */*');
    const own = await firstValueFrom(
      http.get<{ accept: string }>(`${origin}/echo`, { headers: { Accept: 'application/vnd.api+json' } }),
    );
    expect(own.accept).toBe('application/vnd.api+json');
    inj.destroy();
  });

  it('sends HttpParams and URLSearchParams bodies as forms, and FormData as multipart', async () => {
    const inj = injector(provideHttprx());
    const http = inj.get(HttpClient);
    const params = await firstValueFrom(
      http.post<{ contentType: string; text: string }>(
        `${origin}/echo`,
        new HttpParams().set('a', '1').set('b', 'x y'),
      ),
    );
    expect(params.contentType).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(params.text).toBe('a=1&b=x%20y');
    const search = await firstValueFrom(
      http.post<{ contentType: string; text: string }>(`${origin}/echo`, new URLSearchParams({ q: 'a b' })),
    );
    expect([search.contentType, search.text]).toEqual([
      'application/x-www-form-urlencoded;charset=UTF-8',
      'q=a+b',
    ]);
    const form = new FormData();
    form.append('title', 'Notes');
    form.append('file', new File(['first line'], 'notes.txt', { type: 'text/plain' }));
    const multipart = await firstValueFrom(
      http.post<{ contentType: string; text: string }>(`${origin}/echo`, form),
    );
    expect(multipart.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(multipart.text).toContain('filename="notes.txt"');
    expect(multipart.text).toContain('Notes');
    inj.destroy();
  });

  it('gives each responseType its body', async () => {
    const inj = injector(provideHttprx());
    const http = inj.get(HttpClient);
    expect(await firstValueFrom(http.get(`${origin}/text`, { responseType: 'text' }))).toBe('héllo, wörld');
    const buffer = await firstValueFrom(http.get(`${origin}/bytes?size=4`, { responseType: 'arraybuffer' }));
    expect([...new Uint8Array(buffer)]).toEqual([0, 1, 2, 3]);
    const blob = await firstValueFrom(http.get(`${origin}/json`, { responseType: 'blob' }));
    expect([blob.type, await blob.text()]).toEqual(['application/json', '{"hello":"world","n":[1,2,3]}']);
    inj.destroy();
  });

  it('emits Sent, ResponseHeader, DownloadProgress with partialText, then the Response when progress is asked for', async () => {
    const inj = injector(provideHttprx());
    const http = inj.get(HttpClient);
    const events = await lastValueFrom(
      http
        .get(`${origin}/stream?pieces=3`, {
          responseType: 'text',
          observe: 'events',
          reportDownloadProgress: true,
        })
        .pipe(toArray()),
    );
    const types = events.map((event) => event.type);
    expect(types[0]).toBe(HttpEventType.Sent);
    expect(types[1]).toBe(HttpEventType.ResponseHeader);
    expect(types.at(-1)).toBe(HttpEventType.Response);
    const downloads = events.filter((event) => event.type === HttpEventType.DownloadProgress);
    expect(downloads.length).toBeGreaterThan(0);
    for (const event of downloads) expect(event.partialText?.length).toBe(event.loaded);
    expect(downloads.at(-1)).toMatchObject({ loaded: 60_000, total: 60_000 });
    inj.destroy();
  });

  it('emits no progress unless asked, and upload progress when asked', async () => {
    const inj = injector(provideHttprx());
    const http = inj.get(HttpClient);
    const quiet = await lastValueFrom(http.get(`${origin}/json`, { observe: 'events' }).pipe(toArray()));
    expect(quiet.map((event) => event.type)).toEqual([HttpEventType.Sent, HttpEventType.Response]);
    const upload = await lastValueFrom(
      http
        .post(`${origin}/echo`, new Uint8Array(300_000).buffer, {
          observe: 'events',
          reportUploadProgress: true,
        })
        .pipe(toArray()),
    );
    const uploads = upload.filter(
      (event): event is Extract<HttpEvent<unknown>, { type: HttpEventType.UploadProgress }> =>
        event.type === HttpEventType.UploadProgress,
    );
    expect(uploads.at(-1)).toEqual({ type: HttpEventType.UploadProgress, loaded: 300_000, total: 300_000 });
    expect(
      upload.some(
        (event) =>
          event.type === HttpEventType.DownloadProgress || event.type === HttpEventType.ResponseHeader,
      ),
    ).toBe(false);
    inj.destroy();
  });

  it('fails a 404 with HttpErrorResponse carrying the status and the parsed body', async () => {
    const inj = injector(provideHttprx());
    const error = await firstValueFrom(inj.get(HttpClient).get(`${origin}/status?code=404`)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpErrorResponse);
    expect((error as HttpErrorResponse).status).toBe(404);
    expect((error as HttpErrorResponse).error).toEqual({ status: 404 });
    inj.destroy();
  });

  it('fails a refused connection with status 0 and the httprx error (with its cause)', async () => {
    const inj = injector(provideHttprx());
    const error = (await firstValueFrom(inj.get(HttpClient).get('http://127.0.0.1:9/x')).catch(
      (e: unknown) => e,
    )) as HttpErrorResponse;
    expect(error).toBeInstanceOf(HttpErrorResponse);
    expect(error.status).toBe(0);
    expect(error.error).toBeInstanceOf(ConnectError);
    expect((error.error as ConnectError).cause).toBeDefined();
    inj.destroy();
  });

  it('maps Angular’s timeout to the total deadline', async () => {
    const inj = injector(provideHttprx({ timeout: { read: 60_000 } }));
    const error = (await firstValueFrom(
      inj.get(HttpClient).get(`${origin}/hang-body`, { timeout: 200 }),
    ).catch((e: unknown) => e)) as HttpErrorResponse;
    expect(error.status).toBe(0);
    expect(error.error).toBeInstanceOf(TotalTimeout);
    inj.destroy();
  });

  it('follows redirects with a client it makes, and not when told not to', async () => {
    const redirect = `${origin}/redirect?to=${encodeURIComponent('/json')}`;
    const following = injector(provideHttprx());
    expect(await firstValueFrom(following.get(HttpClient).get(redirect))).toEqual({
      hello: 'world',
      n: [1, 2, 3],
    });
    following.destroy();
    const staying = injector(provideHttprx({ followRedirects: false }));
    const error = (await firstValueFrom(staying.get(HttpClient).get(redirect)).catch(
      (e: unknown) => e,
    )) as HttpErrorResponse;
    expect(error.status).toBe(302);
    expect(error.headers.get('location')).toBe('/json');
    staying.destroy();
  });

  it('uses a given Client as it is and leaves it open; closes one it made with the injector', async () => {
    const client = new Client({ headers: { 'X-Echo': 'from the client' } });
    const inj = createEnvironmentInjector(
      [
        { provide: ɵINJECTOR_SCOPE, useValue: 'root' },
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttprx(client),
      ],
      Injector.create({ providers: [] }) as EnvironmentInjector,
    );
    const echo = await firstValueFrom(inj.get(HttpClient).get<{ header: string }>(`${origin}/echo`));
    expect(echo.header).toBe('from the client');
    inj.destroy();
    expect(client.isClosed).toBe(false);
    await client.close();

    const own = injector({ provide: HttpBackend, useClass: HttprxBackend });
    const backend = own.get(HttpBackend) as HttprxBackend;
    await firstValueFrom(own.get(HttpClient).get(`${origin}/json`));
    own.destroy();
    const after = await lastValueFrom(backend.handle(new HttpRequest('GET', `${origin}/json`))).catch(
      (e: unknown) => e,
    );
    expect((after as HttpErrorResponse).error?.name).toBe('ClientClosed');
  });

  it('aborts on unsubscribe: the server sees the connection end', async () => {
    const inj = injector(provideHttprx());
    const key = `ng${Date.now()}`;
    const subscription = inj
      .get(HttpClient)
      .get(`${origin}/hang?key=${key}`)
      .subscribe({ error: () => {} });
    const seen = async () =>
      (await (await fetch(`${origin}/seen?of=${key}`)).json()) as { requests: number; aborted: number };
    for (let i = 0; i < 100 && (await seen()).requests === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    subscription.unsubscribe();
    let state = await seen();
    for (let i = 0; i < 100 && state.aborted === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      state = await seen();
    }
    expect(state).toMatchObject({ requests: 1, aborted: 1 });
    inj.destroy();
  });

  it('keeps Angular’s headers and method as they are', async () => {
    const inj = injector(provideHttprx());
    const echo = await firstValueFrom(
      inj.get(HttpClient).request<{ method: string; header: string }>('PATCH', `${origin}/echo`, {
        headers: new HttpHeaders({ 'X-Echo': 'mine' }),
        body: 'x',
      }),
    );
    // The interceptor's setHeaders wins over the request's own.
    expect(echo).toMatchObject({ method: 'PATCH', header: 'intercepted' });
    inj.destroy();
  });
});
