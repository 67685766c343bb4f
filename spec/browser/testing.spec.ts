/**
 * TestingController under Angular, in Chromium: Angular's HttpClient and an interceptor over
 * HttprxBackend, the requests held by the controller until the test answers them.
 */
import { type HttpEvent, HttpEventType } from '@angular/common/http';
import { lastValueFrom, toArray } from 'rxjs';
import { provideHttprx } from '../../src/angular/index.ts';
import { TestingController } from '../../src/testing/index.ts';
import { httpClient } from './support/test-bed.ts';

describe('TestingController under Angular’s HttpClient', () => {
  let controller: TestingController;

  beforeEach(() => {
    controller = new TestingController();
  });

  it('holds the request with the interceptor’s header, and passes progress to Angular’s events', async () => {
    const http = httpClient(provideHttprx({ transport: controller.transport }));
    const events = lastValueFrom(
      http
        .post('/api/upload', 'abcd', { observe: 'events', reportUploadProgress: true, responseType: 'text' })
        .pipe(toArray()),
    );
    const test = controller.expectOne({ method: 'POST', url: '/api/upload' });
    expect(test.request.headers.get('x-echo')).toBe('intercepted');
    expect(test.request.url.origin).toBe(location.origin);
    test.event({ type: 'upload', loaded: 4, total: 4 });
    test.flush('stored', { status: 201 });
    const seen = (await events).map((event: HttpEvent<unknown>) =>
      event.type === HttpEventType.UploadProgress
        ? `upload ${event.loaded}/${event.total}`
        : HttpEventType[event.type],
    );
    expect(seen).toEqual(['Sent', 'upload 4/4', 'Response']);
    controller.verify();
  });

  it('drops a request Angular unsubscribes from, so verify() passes', () => {
    const http = httpClient(provideHttprx({ transport: controller.transport }));
    const subscription = http.get('/api/slow').subscribe();
    const test = controller.expectOne('/api/slow');
    expect(() => controller.verify()).toThrowError(
      /Expected no open requests, found 1: GET http:\/\/.*\/api\/slow/,
    );
    subscription.unsubscribe();
    expect(test.cancelled).toBe(true);
    expect(() => controller.verify()).not.toThrow();
  });
});
