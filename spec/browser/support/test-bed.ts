/**
 * Angular's TestBed for the browser specs: the test environment set up once however many spec
 * files import it, and `httpClient(...)` for a fresh testing module with HttpClient, an
 * interceptor that tags each request (`X-Echo: intercepted`), and the providers given.
 */
import '@angular/compiler';
import {
  HttpClient,
  type HttpInterceptorFn,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';

TestBed.initTestEnvironment(BrowserTestingModule, platformBrowserTesting());

export const tagged: HttpInterceptorFn = (request, next) =>
  next(request.clone({ setHeaders: { 'X-Echo': 'intercepted' } }));

export function httpClient(...providers: unknown[]): HttpClient {
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideHttpClient(withInterceptors([tagged])),
      ...(providers as []),
    ],
  });
  return TestBed.inject(HttpClient);
}
